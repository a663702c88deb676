import type { Db } from '../../db/connect';
import type { Holiday, NewHoliday } from '../../db/database';

export type HolidayUpdate = Pick<Holiday, 'date' | 'name' | 'kind' | 'source' | 'needs_review' | 'updated_at'>;

export function findHolidaysBetween(db: Db, from: string, to: string): Promise<Holiday[]> {
  return db.selectFrom('holidays').selectAll().where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
}

export function findHolidayDatesBetween(db: Db, from: string, to: string): Promise<{ date: string; kind: string }[]> {
  return db.selectFrom('holidays').select(['date', 'kind']).where('date', '>=', from).where('date', '<=', to).execute();
}

export function findHoliday(db: Db, id: number): Promise<Holiday | undefined> {
  return db.selectFrom('holidays').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findHolidayByDate(db: Db, date: string): Promise<Holiday | undefined> {
  return db.selectFrom('holidays').selectAll().where('date', '=', date).executeTakeFirst();
}

/** Inserts the rows whose date is still free; returns the rows actually inserted. */
export async function insertMissingHolidays(db: Db, rows: NewHoliday[]): Promise<Holiday[]> {
  if (!rows.length) return [];
  return db
    .insertInto('holidays')
    .values(rows)
    .onConflict((oc) => oc.column('date').doNothing())
    .returningAll()
    .execute();
}

export async function updateHoliday(db: Db, id: number, values: HolidayUpdate): Promise<void> {
  await db.updateTable('holidays').set(values).where('id', '=', id).execute();
}

export async function deleteHoliday(db: Db, id: number): Promise<void> {
  await db.deleteFrom('holidays').where('id', '=', id).execute();
}
