import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { NewUser, User } from '../../db/database';
import { rolesFor } from '../../policy';

export type UserRow = Omit<User, 'password_hash' | 'temp_password_hash' | 'employee_id'> & { opd_code: string | null };

/*
 * Staff accounts only: an employee's account (users.employee_id) comes from activation and
 * ends with the employee's service, so the 63,000 of them stay out of the administrator's list.
 */
function withOpd(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('opds', 'opds.id', 'users.opd_id')
    .where('users.employee_id', 'is', null)
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.email',
      'users.role',
      'users.opd_id',
      'users.language',
      'users.active',
      'users.must_change_password',
      'users.password_changed_at',
      'users.last_login_at',
      'users.created_at',
      'users.updated_at',
      'opds.code as opd_code',
    ]);
}

/** A page of accounts, searched by username, name or OPD code. */
export async function findUserPage(db: Db, q: string, page: number, size: number): Promise<{ rows: UserRow[]; total: number }> {
  const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let rows = withOpd(db);
  let count = db.selectFrom('users').leftJoin('opds', 'opds.id', 'users.opd_id').where('users.employee_id', 'is', null);
  if (q) {
    const cond = sql<boolean>`(users.username like ${like} escape '\\' or lower(users.display_name) like ${like} escape '\\' or lower(opds.code) like ${like} escape '\\')`;
    rows = rows.where(cond);
    count = count.where(cond);
  }
  const list = await rows.orderBy('users.active', 'desc').orderBy('users.username').limit(size).offset((page - 1) * size).execute();
  const { n } = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows: list, total: Number(n) };
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return withOpd(db).where('users.id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

export async function insertUser(db: Db, row: NewUser): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateUserRow(db: Db, id: number, changes: Partial<Omit<User, 'id'>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Active accounts that may manage accounts (admins). */
export async function countActiveAdmins(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', 'in', rolesFor('users.manage'))
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}
