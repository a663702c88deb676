import type { Db } from '../../db/connect';
import { reusableQuery } from '../../db/reusable-query';
import { nowIso } from '../../lib/clock';

export function findCredentials(db: Db, username: string) {
  return db.selectFrom('users').select(['id', 'password_hash', 'active', 'employee_id']).where('username', '=', username).executeTakeFirst();
}

export async function touchLastLogin(db: Db, userId: number): Promise<void> {
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', userId).execute();
}

/** A stronger or cheaper hash of the same password; only if the password did not change meanwhile. */
export async function replacePasswordHash(db: Db, userId: number, oldHash: string, newHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: newHash }).where('id', '=', userId).where('password_hash', '=', oldHash).execute();
}

/** The user a session or token stands for, with the code of their unit. Read on every request. */
export async function findSignedInUser(db: Db, userId: number) {
  return (await signedInUser(db, userId))[0];
}

/**
 * The employee an account stands for, as of `today`: in service or not, and the unit of the
 * assignment covering today (none between assignments). Read on every request, so a transfer or
 * a deactivation takes effect on the next page.
 */
export async function findEmployeeOfAccount(db: Db, employeeId: number, today: string) {
  return (await employeeOfAccount(db, employeeId, today))[0];
}

/*
 * Both are built once (src/db/reusable-query.ts): Kysely took longer to build the employee's
 * join than SQLite to run it. They stay two queries: joined into one, SQLite took longer than
 * for both together in the 07:30 check-in burst (docs/BENCHMARKS.md).
 */
const signedInUser = reusableQuery((db: Db, userId: number) =>
  db
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
      'users.employee_id',
    ])
    .where('users.id', '=', userId),
);

const employeeOfAccount = reusableQuery((db: Db, employeeId: number, today: string) =>
  db
    .selectFrom('employees as e')
    .leftJoin('assignments as a', (j) =>
      j
        .onRef('a.employee_id', '=', 'e.id')
        .on('a.start_date', '<=', today)
        .on((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)])),
    )
    .leftJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['e.id', 'e.nip', 'e.name', 'e.active_from', 'e.active_to', 'a.opd_id', 'o.code as opd_code', 'o.name as opd_name'])
    .where('e.id', '=', employeeId)
    .orderBy('a.start_date', 'desc')
    .limit(1),
);

/** Active accounts named `usernames`, in id order. */
export function findActiveByUsernames(db: Db, usernames: string[]) {
  return db.selectFrom('users').select(['username', 'role']).where('active', '=', 1).where('username', 'in', usernames).orderBy('id').execute();
}

/** The first `limit` active accounts of a role, by username. */
export function findActiveOfRole(db: Db, role: 'opd' | 'pegawai', limit: number) {
  return db.selectFrom('users').select(['username', 'role']).where('active', '=', 1).where('role', '=', role).orderBy('username').limit(limit).execute();
}
