import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, Database } from '../../db/database';

type Tables = Database & { a: Database['assignments']; e: Database['employees'] };

/**
 * Where an officer's scans go: a unit's apel on a date (check-ins without an event), or an event
 * on its date, among the units it expects that the officer may record ('all': every unit).
 */
export type ScanPlace =
  | { kind: 'apel'; opdId: number; date: string }
  | { kind: 'event'; eventId: number; date: string; units: number[] | 'all' };

const unitsOf = (p: ScanPlace): number[] | 'all' => (p.kind === 'apel' ? [p.opdId] : p.units);

/*
 * The people an officer may record (docs/DESIGN.md, "Calendar": expected attendees): assigned on
 * the date ([start_date, end_date)) to one of the place's units, in service that day (active_to
 * inclusive) and of a category that must attend. A person on CLTN is off the roll-call
 * (src/features/sessions/expected.ts), so not here either.
 */
function expectedOn(units: number[] | 'all', date: string, categories: Category[]) {
  return (eb: ExpressionBuilder<Tables, 'a' | 'e'>) =>
    eb.and([
      ...(units === 'all' ? [] : [eb('a.opd_id', 'in', units.length ? units : [-1])]),
      eb('a.start_date', '<=', date),
      eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', date)]),
      eb('e.active_from', '<=', date),
      eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', date)]),
      eb('e.category', 'in', categories),
      eb.not(
        eb.exists(
          eb
            .selectFrom('planned_absences as p')
            .select('p.id')
            .whereRef('p.employee_id', '=', 'e.id')
            .where('p.status', '=', 'CLTN')
            .where('p.start_date', '<=', date)
            .where('p.end_date', '>=', date)
            .where('p.cancelled_at', 'is', null),
        ),
      ),
    ]);
}

function expectedPeople(db: Db, place: ScanPlace, categories: Category[]) {
  return db.selectFrom('assignments as a').innerJoin('employees as e', 'e.id', 'a.employee_id').where(expectedOn(unitsOf(place), place.date, categories));
}

export type ScanPerson = { id: number; nip: string; name: string; position: string | null };

/** One expected person of the place, by employee id or NIP, with the unit they belong to that day; undefined when not expected there. */
export function findExpectedPerson(
  db: Db,
  place: ScanPlace,
  categories: Category[],
  who: { id: number } | { nip: string },
): Promise<(ScanPerson & { opd_id: number }) | undefined> {
  if (categories.length === 0) return Promise.resolve(undefined);
  const q = expectedPeople(db, place, categories).select(['e.id', 'e.nip', 'e.name', 'e.position', 'a.opd_id']);
  return ('id' in who ? q.where('e.id', '=', who.id) : q.where('e.nip', '=', who.nip)).executeTakeFirst();
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Expected people of the place whose name contains `q` (any case) or whose NIP starts with it
 * (typed with or without the spaces and dots of a printed NIP), by name, at most `limit`, with
 * their check-in time there if they have one.
 */
export function searchExpectedPeople(db: Db, place: ScanPlace, categories: Category[], q: string, limit: number) {
  if (categories.length === 0) return Promise.resolve([]);
  const name = `%${likeEscape(q.toLowerCase())}%`;
  const nip = `${likeEscape(q.replace(/[\s.]/g, ''))}%`;
  return expectedPeople(db, place, categories)
    .leftJoin('check_ins as c', (j) => {
      const own = j.onRef('c.employee_id', '=', 'e.id');
      return place.kind === 'apel' ? own.on('c.opd_id', '=', place.opdId).on('c.pledge_date', '=', place.date).on('c.event_id', 'is', null) : own.on('c.event_id', '=', place.eventId);
    })
    .select(['e.id', 'e.nip', 'e.name', 'e.position', 'c.checked_in_at'])
    .where((eb) => eb.or([sql<boolean>`lower(e.name) like ${name} escape '\\'`, sql<boolean>`e.nip like ${nip} escape '\\'`]))
    .orderBy('e.name')
    .orderBy('e.nip')
    .limit(limit)
    .execute();
}

/** The check-ins of the place: the apel's own, or the event's of the units the officer may record. */
function checkInsOf(place: ScanPlace) {
  return (eb: ExpressionBuilder<Database & { c: Database['check_ins'] }, 'c'>) => {
    if (place.kind === 'apel') return eb.and([eb('c.opd_id', '=', place.opdId), eb('c.pledge_date', '=', place.date), eb('c.event_id', 'is', null)]);
    const units = place.units === 'all' ? [] : [eb('c.opd_id', 'in', place.units.length ? place.units : [-1])];
    return eb.and([eb('c.event_id', '=', place.eventId), ...units]);
  };
}

/** One employee's check-in at the place, if any (the one behind "already recorded at HH:mm"). */
export function findScanCheckIn(db: Db, place: ScanPlace, employeeId: number) {
  const where = place.kind === 'apel' ? place : { ...place, units: 'all' as const };
  return db.selectFrom('check_ins as c').select(['c.id', 'c.checked_in_at', 'c.method']).where(checkInsOf(where)).where('c.employee_id', '=', employeeId).executeTakeFirst();
}

/** The latest check-ins of the place, with names: the page's list without a script. */
export function findLatestCheckIns(db: Db, place: ScanPlace, limit: number) {
  return db
    .selectFrom('check_ins as c')
    .innerJoin('employees as e', 'e.id', 'c.employee_id')
    .select(['c.id', 'c.checked_in_at', 'c.method', 'e.nip', 'e.name'])
    .where(checkInsOf(place))
    .orderBy('c.checked_in_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countCheckIns(db: Db, place: ScanPlace): Promise<number> {
  const row = await db
    .selectFrom('check_ins as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(checkInsOf(place))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
