import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';

export function findCredentials(db: Db, username: string) {
  return db.selectFrom('users').select(['id', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
}

export async function touchLastLogin(db: Db, userId: number): Promise<void> {
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', userId).execute();
}

/** The user a session or token stands for, with the code of their unit. */
export function findSignedInUser(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .leftJoin('opds', 'opds.id', 'users.opd_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.opd_id',
      'opds.code as opd_code',
      'users.language',
      'users.must_change_password',
      'users.active',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** Active accounts named `usernames`, in id order. */
export function findActiveByUsernames(db: Db, usernames: string[]) {
  return db.selectFrom('users').select(['username', 'role']).where('active', '=', 1).where('username', 'in', usernames).orderBy('id').execute();
}

/** The first `limit` active accounts of a role, by username. */
export function findActiveOfRole(db: Db, role: 'opd', limit: number) {
  return db.selectFrom('users').select(['username', 'role']).where('active', '=', 1).where('role', '=', role).orderBy('username').limit(limit).execute();
}
