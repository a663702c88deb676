import type { Db } from '../../db/connect';

/** An employee by NIP with their account, if they have one: whom a single sign-on stands for. */
export function findEmployeeByNip(db: Db, nip: string) {
  return db
    .selectFrom('employees as e')
    .leftJoin('users as u', 'u.employee_id', 'e.id')
    .select(['e.id', 'e.nip', 'e.name', 'e.active_from', 'e.active_to', 'u.id as user_id', 'u.active as user_active'])
    .where('e.nip', '=', nip)
    .executeTakeFirst();
}

