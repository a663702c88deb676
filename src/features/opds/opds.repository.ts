import type { Db } from '../../db/connect';
import { reusableQuery } from '../../db/reusable-query';
import type { NewOpd, Opd, OpdUpdate } from '../../db/database';
import type { UnitScope } from '../../policy';

export function findAllOpds(db: Db): Promise<Opd[]> {
  return db.selectFrom('opds').selectAll().orderBy('code').execute();
}

/**
 * The one lookup of a unit by code, for every page, filter and API call. Codes are stored
 * upper case (opds.schema upper-cases them), and URLs and filters accept any case and stray
 * spaces, so the input is trimmed and upper-cased.
 */
export function findOpdByCode(db: Db, code: string): Promise<Opd | undefined> {
  return db.selectFrom('opds').selectAll().where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
}

export async function findOpdById(db: Db, id: number): Promise<Opd | undefined> {
  return (await opdById(db, id))[0];
}

// Read by every check-in tap: built once (src/db/reusable-query.ts).
const opdById = reusableQuery((db: Db, id: number) => db.selectFrom('opds').selectAll().where('id', '=', id));

export function insertOpd(db: Db, row: NewOpd): Promise<Opd> {
  return db.insertInto('opds').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateOpdRow(db: Db, id: number, changes: OpdUpdate): Promise<void> {
  await db.updateTable('opds').set(changes).where('id', '=', id).execute();
}

/** People assigned to each unit and in service on `date`: one grouped scan for the whole tree. */
export async function countEmployeesByOpd(db: Db, date: string, units: UnitScope): Promise<Map<number, number>> {
  if (units.kind === 'units' && units.ids.length === 0) return new Map();
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .select(['a.opd_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('a.start_date', '<=', date)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', date)]))
    .where('e.active_from', '<=', date)
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', date)]));
  if (units.kind === 'units') q = q.where('a.opd_id', 'in', units.ids);
  const rows = await q.groupBy('a.opd_id').execute();
  return new Map(rows.map((r) => [r.opd_id, Number(r.n)]));
}
