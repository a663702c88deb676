import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { nowIso } from '../../lib/clock';
import { burnVerify, verifyPassword } from '../../lib/password';

/** Returns the user's id when the credentials are right and the account is active. */
export async function authenticate(db: Kysely<Database>, username: string, password: string): Promise<number | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) return burnVerify(password).then(() => null);
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok || !user.active) return null;
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', user.id).execute();
  return user.id;
}

/** Ends every stored sign-in of a user (sign-out everywhere, password change, disabling). */
export async function endSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('login_sessions').where('user_id', '=', userId);
  if (exceptSid) q = q.where('sid', '<>', exceptSid);
  await q.execute();
}

/** The demo's role accounts and a few unit accounts, for the login page in demo mode. */
export async function demoAccounts(db: Kysely<Database>): Promise<{ username: string; role: string }[]> {
  const base = db.selectFrom('users').select(['username', 'role']).where('active', '=', 1);
  const roles = await base.where('username', 'in', ['admin', 'hr', 'sekda']).orderBy('id').execute();
  const units = await base.where('role', '=', 'opd').orderBy('username').limit(3).execute();
  return [...roles, ...units];
}
