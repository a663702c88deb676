import type { Db } from '../../db/connect';
import type { CheckIn, Event } from '../../db/database';

/*
 * Reads behind the check-in screen, the employee's confirmation and the operator's review list
 * (docs/DESIGN.md, "Employees, check-in and events").
 */

export function findEvent(db: Db, id: number): Promise<Event | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An event expects a unit when it is for every unit or names that unit. */
export async function eventExpectsUnit(db: Db, event: Pick<Event, 'id' | 'all_units'>, opdId: number): Promise<boolean> {
  if (event.all_units === 1) return true;
  const row = await db.selectFrom('event_units').select('opd_id').where('event_id', '=', event.id).where('opd_id', '=', opdId).executeTakeFirst();
  return row !== undefined;
}

/** The employee's own check-in to that apel (unit, date) or event, if any. */
export function findOwnCheckIn(db: Db, employeeId: number, where: { eventId: number } | { opdId: number; date: string }): Promise<CheckIn | undefined> {
  let q = db.selectFrom('check_ins').selectAll().where('employee_id', '=', employeeId);
  q = 'eventId' in where ? q.where('event_id', '=', where.eventId) : q.where('event_id', 'is', null).where('opd_id', '=', where.opdId).where('pledge_date', '=', where.date);
  return q.executeTakeFirst();
}

/** How many have checked in so far: to a unit's apel (event_id null) or to an event. */
export async function countCheckIns(db: Db, where: { eventId: number } | { opdId: number; date: string }): Promise<number> {
  let q = db.selectFrom('check_ins').select((eb) => eb.fn.countAll<number>().as('n'));
  q = 'eventId' in where ? q.where('event_id', '=', where.eventId) : q.where('event_id', 'is', null).where('opd_id', '=', where.opdId).where('pledge_date', '=', where.date);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CheckInListRow extends CheckIn {
  nip: string;
  name: string;
}

/** The check-ins of a unit's apel (without events) or of an event, with each person's name and NIP, in time order. */
export function findCheckInList(db: Db, where: { eventId: number } | { opdId: number; date: string }): Promise<CheckInListRow[]> {
  let q = db.selectFrom('check_ins as c').innerJoin('employees as e', 'e.id', 'c.employee_id').selectAll('c').select(['e.nip', 'e.name']);
  q = 'eventId' in where ? q.where('c.event_id', '=', where.eventId) : q.where('c.event_id', 'is', null).where('c.opd_id', '=', where.opdId).where('c.pledge_date', '=', where.date);
  return q.orderBy('c.checked_in_at').orderBy('c.id').execute();
}

export function findCheckInById(db: Db, id: number): Promise<CheckIn | undefined> {
  return db.selectFrom('check_ins').selectAll().where('id', '=', id).executeTakeFirst();
}
