import type { Db } from '../../db/connect';
import type { Insertable } from 'kysely';
import type { ActivationCodeTable, NewUser } from '../../db/database';
import { bulkInsert } from '../demo/bulk.repository';

export interface RosterRow {
  id: number;
  nip: string;
  name: string;
  user_id: number | null;
  user_active: number | null;
  expires_at: string | null;
  used_at: string | null;
}

/**
 * The people of a unit on `today` (assigned to it and in service, as the roll-call counts
 * them), by name, with their account and their latest activation code.
 */
export function findRoster(db: Db, opdId: number, today: string): Promise<RosterRow[]> {
  return db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .leftJoin('users as u', 'u.employee_id', 'e.id')
    .leftJoin('activation_codes as c', 'c.employee_id', 'e.id')
    .select(['e.id', 'e.nip', 'e.name', 'u.id as user_id', 'u.active as user_active', 'c.expires_at', 'c.used_at'])
    .where('a.opd_id', '=', opdId)
    .where('a.start_date', '<=', today)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)]))
    .where('e.active_from', '<=', today)
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', today)]))
    .orderBy('e.name')
    .orderBy('e.id')
    .execute();
}

const CHUNK = 500;

/**
 * Each employee's new code replaces their previous one, used or not: one row per employee.
 * Deleted and inserted in chunks (a unit of 3,000 people, a province of 63,000): the caller
 * runs this in one transaction.
 */
export async function replaceCodes(db: Db, rows: Insertable<ActivationCodeTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const ids = rows.slice(i, i + CHUNK).map((r) => r.employee_id);
    await db.deleteFrom('activation_codes').where('employee_id', 'in', ids).execute();
  }
  await bulkInsert(db, 'activation_codes', rows);
}

/** The latest codes of these employees, to check codes sent back for the CSV. */
export function findCodesOf(db: Db, employeeIds: number[]) {
  return db
    .selectFrom('activation_codes as c')
    .innerJoin('employees as e', 'e.id', 'c.employee_id')
    .select(['e.id', 'e.nip', 'e.name', 'c.code_hash', 'c.expires_at', 'c.used_at'])
    .where('c.employee_id', 'in', employeeIds)
    .execute();
}

/** An employee by NIP with their latest code, for activation. */
export function findActivation(db: Db, nip: string) {
  return db
    .selectFrom('employees as e')
    .leftJoin('activation_codes as c', 'c.employee_id', 'e.id')
    .select(['e.id', 'e.nip', 'e.name', 'e.active_from', 'e.active_to', 'c.id as code_id', 'c.code_hash', 'c.expires_at', 'c.used_at'])
    .where('e.nip', '=', nip)
    .executeTakeFirst();
}

/** Marks a code used, only if it still is unused: false when a parallel activation took it first. */
export async function useCode(db: Db, codeId: number, at: string): Promise<boolean> {
  const result = await db.updateTable('activation_codes').set({ used_at: at }).where('id', '=', codeId).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findAccountOfEmployee(db: Db, employeeId: number) {
  return db.selectFrom('users').select(['id']).where('employee_id', '=', employeeId).executeTakeFirst();
}

export async function insertAccount(db: Db, row: NewUser): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A new password for an employee's existing account (a second activation), enabled again. */
export async function resetAccount(db: Db, userId: number, set: { username: string; password_hash: string; at: string }): Promise<void> {
  await db
    .updateTable('users')
    .set({ username: set.username, password_hash: set.password_hash, active: 1, must_change_password: 0, temp_password_hash: null, password_changed_at: set.at, updated_at: set.at })
    .where('id', '=', userId)
    .execute();
}
