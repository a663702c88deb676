import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database, Event } from '../../db/database';

/* SQL of the events feature: events, their expected units, and their roll-calls (sessions). */

export type NewEvent = Insertable<Database['events']>;
export type EventUpdate = Updateable<Database['events']>;

export interface EventListFilter {
  /** Only events expecting this unit (all-unit events included); undefined: every event. */
  opdId?: number;
  from?: string;
  to?: string;
}

/** Events newest first, optionally only those that expect one unit. */
export function findEvents(db: Db, f: EventListFilter = {}): Promise<Event[]> {
  let q = db.selectFrom('events').selectAll();
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.opdId !== undefined) {
    const opdId = f.opdId;
    q = q.where((eb) =>
      eb.or([eb('all_units', '=', 1), eb('id', 'in', eb.selectFrom('event_units').select('event_id').where('opd_id', '=', opdId))]),
    );
  }
  return q.orderBy('date', 'desc').orderBy('id', 'desc').execute();
}

export function findEvent(db: Db, id: number): Promise<Event | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Events on a date, oldest first. */
export function findEventsOn(db: Db, date: string): Promise<Event[]> {
  return db.selectFrom('events').selectAll().where('date', '=', date).orderBy('id').execute();
}

export async function findEventUnitIds(db: Db, eventIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(eventIds.map((id) => [id, []]));
  if (!eventIds.length) return out;
  const rows = await db.selectFrom('event_units').select(['event_id', 'opd_id']).where('event_id', 'in', eventIds).execute();
  for (const r of rows) out.get(r.event_id)?.push(r.opd_id);
  return out;
}

export async function insertEvent(db: Db, row: NewEvent): Promise<Event> {
  return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateEvent(db: Db, id: number, set: EventUpdate): Promise<void> {
  await db.updateTable('events').set(set).where('id', '=', id).execute();
}

export async function replaceEventUnits(db: Db, eventId: number, opdIds: number[]): Promise<void> {
  await db.deleteFrom('event_units').where('event_id', '=', eventId).execute();
  if (opdIds.length) await db.insertInto('event_units').values(opdIds.map((opd_id) => ({ event_id: eventId, opd_id }))).execute();
}

/** The roll-calls already logged for an event, one per unit. */
export function findEventSessions(db: Db, eventId: number) {
  return db
    .selectFrom('sessions')
    .select([
      'id',
      'opd_id',
      'pledge_date',
      'state',
      'late',
      'held',
      'reason_accepted',
      'rate',
      'compliant_count',
      'expected_count',
      'excused_count',
      'count_tk',
      'submitted_at',
      'counted',
    ])
    .where('event_id', '=', eventId)
    .execute();
}

/** Units with an id in `ids`, for the form's choices and the figures table. */
export function findUnits(db: Db) {
  return db.selectFrom('opds').select(['id', 'code', 'name', 'active_from', 'active_to']).orderBy('name').orderBy('code').execute();
}

/** Sessions of events whose "counted" may have to change: those of some events, or of every event. */
export function findEventSessionKeys(db: Db, eventIds?: number[]) {
  let q = db
    .selectFrom('sessions as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .select(['s.id', 's.pledge_date', 's.counted', 'e.kind']);
  if (eventIds) q = q.where('s.event_id', 'in', eventIds.length ? eventIds : [-1]);
  return q.execute();
}

/** Employees with a submitted row in some sessions, and the years of those rows. */
export function findPeopleOfSessions(db: Db, sessionIds: number[]) {
  return db
    .selectFrom('attendance')
    .select(['employee_id', 'pledge_date'])
    .where('session_id', 'in', sessionIds.length ? sessionIds : [-1])
    .execute();
}

/** Counted-kind events in a date range with their expected units, for the compliance calendar. */
export async function findEventsBetween(db: Db, from: string, to: string, kinds: string[]) {
  if (!kinds.length) return [];
  const events = await db
    .selectFrom('events')
    .select(['id', 'date', 'all_units'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where('kind', 'in', kinds)
    .execute();
  const units = await findEventUnitIds(db, events.filter((e) => !e.all_units).map((e) => e.id));
  return events.map((e) => ({ date: e.date, all: e.all_units === 1, opdIds: units.get(e.id) ?? [] }));
}

/** The event on `date` that expects a unit (the oldest, should two overlap), if any. */
export function findEventForUnit(db: Db, date: string, opdId: number): Promise<Event | undefined> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('date', '=', date)
    .where((eb) =>
      eb.or([eb('all_units', '=', 1), eb('id', 'in', eb.selectFrom('event_units').select('event_id').where('opd_id', '=', opdId))]),
    )
    .orderBy('id')
    .executeTakeFirst();
}
