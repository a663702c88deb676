import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';

type Tables = Database & { a: Database['assignments']; e: Database['employees'] };

/** Assigned to the unit and in service on `today`: the people a unit prints cards for. */
function inUnitOn(opdId: number, today: string) {
  return (eb: ExpressionBuilder<Tables, 'a' | 'e'>) =>
    eb.and([
      eb('a.opd_id', '=', opdId),
      eb('a.start_date', '<=', today),
      eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)]),
      eb('e.active_from', '<=', today),
      eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', today)]),
    ]);
}

function unitPeople(db: Db, opdId: number, today: string) {
  return db.selectFrom('assignments as a').innerJoin('employees as e', 'e.id', 'a.employee_id').where(inUnitOn(opdId, today));
}

/** A page of a unit's people by name, with their card version (no row: version 1). */
export function findCardPage(db: Db, opdId: number, today: string, page: { size: number; offset: number }) {
  return unitPeople(db, opdId, today)
    .leftJoin('employee_cards as c', 'c.employee_id', 'e.id')
    .select(['e.id', 'e.nip', 'e.name', 'e.position', 'c.version'])
    .orderBy('e.name')
    .orderBy('e.nip')
    .limit(page.size)
    .offset(page.offset)
    .execute();
}

export async function countCardHolders(db: Db, opdId: number, today: string): Promise<number> {
  const row = await unitPeople(db, opdId, today).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One person of the unit today by NIP, or undefined (someone of another unit is not found). */
export function findCardHolder(db: Db, opdId: number, today: string, nip: string) {
  return unitPeople(db, opdId, today).select(['e.id', 'e.nip', 'e.name']).where('e.nip', '=', nip).executeTakeFirst();
}

export async function findCardVersion(db: Db, employeeId: number): Promise<number> {
  const row = await db.selectFrom('employee_cards').select('version').where('employee_id', '=', employeeId).executeTakeFirst();
  return row?.version ?? 1;
}

export async function saveCardVersion(db: Db, row: { employee_id: number; version: number; reissued_by: number; reissued_at: string }): Promise<void> {
  const updated = await db.updateTable('employee_cards').set(row).where('employee_id', '=', row.employee_id).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('employee_cards').values(row).execute();
}
