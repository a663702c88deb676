import type { Db } from '../../db/connect';

/** The demo generator's reads and small writes; its bulk inserts are in bulk.repository.ts. */

/** The unit operators' accounts: who logs each unit's sessions. */
export function findUnitUsers(db: Db) {
  return db.selectFrom('users').select(['id', 'opd_id']).where('role', '=', 'opd').execute();
}

/** Whether the database has any user at all (an empty database gets the demo). */
export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function findOpdIds(db: Db) {
  return db.selectFrom('opds').select(['id', 'code', 'name']).orderBy('id').execute();
}

export async function setOpdParent(db: Db, code: string, parentId: number): Promise<void> {
  await db.updateTable('opds').set({ parent_id: parentId }).where('code', '=', code).execute();
}

export async function employeeIdsByNip(db: Db): Promise<Map<string, number>> {
  return new Map((await db.selectFrom('employees').select(['id', 'nip']).execute()).map((e) => [e.nip, e.id]));
}

/** Session ids by unit for one pledge date, read back after a bulk insert. */
export async function sessionIdsOn(db: Db, date: string): Promise<Map<number, number>> {
  const rows = await db.selectFrom('sessions').select(['id', 'opd_id']).where('pledge_date', '=', date).execute();
  return new Map(rows.map((x) => [x.opd_id, x.id]));
}

/** Who a unit's submitted roll-calls before `before` mark present (H, TL), to back with check-ins. */
export function findPresentBefore(db: Db, opdId: number, before: string) {
  return db
    .selectFrom('attendance')
    .select(['employee_id', 'pledge_date', 'status'])
    .where('opd_id', '=', opdId)
    .where('pledge_date', '<', before)
    .where('status', 'in', ['H', 'TL'])
    .orderBy('pledge_date')
    .orderBy('employee_id')
    .execute();
}

/** The demo unit that uses check-in: on, with its apel point. */
export async function turnOnCheckIn(db: Db, code: string, point: { lat: number; lng: number; radiusM: number }) {
  return db
    .updateTable('opds')
    .set({ check_in: 1, apel_lat: point.lat, apel_lng: point.lng, apel_radius_m: point.radiusM })
    .where('code', '=', code)
    .returning('id')
    .executeTakeFirst();
}
