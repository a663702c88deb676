import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { burnVerify, verifyPassword } from '../../lib/password';
import { findActiveByUsernames, findActiveOfRole, findCredentials, touchLastLogin } from './auth.repository';
import { deleteLoginSessionsOf } from './sessions.repository';

/** Returns the user's id when the credentials are right and the account is active. */
export async function authenticate(db: Kysely<Database>, username: string, password: string): Promise<number | null> {
  const user = await findCredentials(db, username.trim().toLowerCase());
  if (!user) return burnVerify(password).then(() => null);
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok || !user.active) return null;
  await touchLastLogin(db, user.id);
  return user.id;
}

/** Ends every stored sign-in of a user (sign-out everywhere, password change, disabling). */
export async function endSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<void> {
  await deleteLoginSessionsOf(db, userId, exceptSid);
}

/** The demo's role accounts and a few unit accounts, for the login page in demo mode. */
export async function demoAccounts(db: Kysely<Database>): Promise<{ username: string; role: string }[]> {
  const roles = await findActiveByUsernames(db, ['admin', 'hr', 'sekda']);
  const units = await findActiveOfRole(db, 'opd', 3);
  return [...roles, ...units];
}
