import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, Database } from '../../db/database';

type Tables = Database & { a: Database['assignments']; e: Database['employees'] };

/*
 * The people an officer may record at a unit's apel (docs/DESIGN.md, "Calendar": expected
 * attendees): assigned to the unit on the date ([start_date, end_date)), in service that day
 * (active_to inclusive) and of a category that must attend. A person on CLTN is off the
 * roll-call (src/features/sessions/expected.ts), so not here either.
 */
function expectedOn(opdId: number, date: string, categories: Category[]) {
  return (eb: ExpressionBuilder<Tables, 'a' | 'e'>) =>
    eb.and([
      eb('a.opd_id', '=', opdId),
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

function expectedPeople(db: Db, opdId: number, date: string, categories: Category[]) {
  return db.selectFrom('assignments as a').innerJoin('employees as e', 'e.id', 'a.employee_id').where(expectedOn(opdId, date, categories));
}

export type ScanPerson = { id: number; nip: string; name: string; position: string | null };

/** One expected person of the unit on the date, by employee id or NIP; undefined when not expected there. */
export function findExpectedPerson(db: Db, opdId: number, date: string, categories: Category[], who: { id: number } | { nip: string }): Promise<ScanPerson | undefined> {
  if (categories.length === 0) return Promise.resolve(undefined);
  const q = expectedPeople(db, opdId, date, categories).select(['e.id', 'e.nip', 'e.name', 'e.position']);
  return ('id' in who ? q.where('e.id', '=', who.id) : q.where('e.nip', '=', who.nip)).executeTakeFirst();
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Expected people of the unit whose name contains `q` (any case) or whose NIP starts with it
 * (typed with or without the spaces and dots of a printed NIP), by name, at most `limit`, with
 * their check-in time at this apel if they have one.
 */
export function searchExpectedPeople(db: Db, opdId: number, date: string, categories: Category[], q: string, limit: number) {
  if (categories.length === 0) return Promise.resolve([]);
  const name = `%${likeEscape(q.toLowerCase())}%`;
  const nip = `${likeEscape(q.replace(/[\s.]/g, ''))}%`;
  return expectedPeople(db, opdId, date, categories)
    .leftJoin('check_ins as c', (j) => j.onRef('c.employee_id', '=', 'e.id').on('c.opd_id', '=', opdId).on('c.pledge_date', '=', date).on('c.event_id', 'is', null))
    .select(['e.id', 'e.nip', 'e.name', 'e.position', 'c.checked_in_at'])
    .where((eb) => eb.or([sql<boolean>`lower(e.name) like ${name} escape '\\'`, sql<boolean>`e.nip like ${nip} escape '\\'`]))
    .orderBy('e.name')
    .orderBy('e.nip')
    .limit(limit)
    .execute();
}

/** The apel's check-in of one employee, if any (the one behind "already recorded at HH:mm"). */
export function findApelCheckIn(db: Db, opdId: number, date: string, employeeId: number) {
  return db
    .selectFrom('check_ins')
    .select(['id', 'checked_in_at', 'method'])
    .where('opd_id', '=', opdId)
    .where('pledge_date', '=', date)
    .where('event_id', 'is', null)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
}

/** The latest check-ins of the unit's apel on the date, with names: the page's list without a script. */
export function findLatestCheckIns(db: Db, opdId: number, date: string, limit: number) {
  return db
    .selectFrom('check_ins as c')
    .innerJoin('employees as e', 'e.id', 'c.employee_id')
    .select(['c.id', 'c.checked_in_at', 'c.method', 'e.nip', 'e.name'])
    .where('c.opd_id', '=', opdId)
    .where('c.pledge_date', '=', date)
    .where('c.event_id', 'is', null)
    .orderBy('c.checked_in_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countCheckIns(db: Db, opdId: number, date: string): Promise<number> {
  const row = await db
    .selectFrom('check_ins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('opd_id', '=', opdId)
    .where('pledge_date', '=', date)
    .where('event_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
