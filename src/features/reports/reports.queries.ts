import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, OpdPeriod, Status } from '../../db/database';
import type { SessionRow } from '../compliance/weeks';

/*
 * Read models of the monthly report. Sizes to keep in mind: a province month is about 100 OPDs,
 * 500 sessions and 300,000 attendance rows for 63,000 employees. OPD figures come from the
 * session rollups and employees in keyset pages; only the downloads read a month's rows in one
 * pass, packed into typed arrays (bulk-reads.ts).
 */

/** A session's rollup: the compliance engine's SessionRow plus the per-status counts. */
export interface SessionFacts extends SessionRow {
  count_h: number;
  count_hd: number;
  count_tl: number;
  count_dl: number;
  count_s: number;
  count_i: number;
  count_c: number;
  count_tb: number;
}

/** What narrows the employee part: the month, and optionally one unit and one category. */
export interface EmployeeFilter {
  from: string;
  to: string;
  opdId: number | null;
  category: Category | null;
}

export interface EmployeeKey {
  id: number;
  name: string;
}

export interface ReportEmployee {
  id: number;
  nip: string;
  name: string;
  position: string | null;
  rank: string | null;
  category: Category;
  /** The compliance rollup of the report's year (employee_year_stats), when there is one. */
  tk_count: number | null;
  tk_streak: number | null;
  step: string | null;
  open_flag: number | null;
}

export interface AttendanceFact {
  employee_id: number;
  opd_id: number;
  pledge_date: string;
  status: Status;
}

/** Every unit, for names and for the filter list (about 100 rows). */
export function findAllOpds(db: Db): Promise<OpdPeriod[]> {
  return db.selectFrom('opds').select(['id', 'code', 'name', 'active_from', 'active_to']).orderBy('name').orderBy('code').execute();
}

/** Sessions of the month, from their rollup columns: never the attendance rows. */
export function findMonthSessions(db: Db, from: string, to: string, opdId: number | null): Promise<SessionFacts[]> {
  let q = db
    .selectFrom('sessions')
    .select([
      'id',
      'opd_id',
      'pledge_date',
      'submitted_at',
      'state',
      'late',
      'held',
      'reason_accepted',
      'rate',
      'expected_count',
      'excused_count',
      'compliant_count',
      'count_h',
      'count_hd',
      'count_tl',
      'count_dl',
      'count_s',
      'count_i',
      'count_c',
      'count_tb',
      'count_tk',
      'count_verified',
    ])
    .where('pledge_date', '>=', from)
    .where('pledge_date', '<=', to);
  if (opdId != null) q = q.where('opd_id', '=', opdId);
  return q.execute();
}

/**
 * One page of the employees on a submitted roll-call of the month, ordered by (name, id), with
 * their year standing from the compliance rollup (a primary-key lookup per person).
 * For one unit the candidates come from that unit's sessions (the sessions_opd_date index and
 * the attendance primary key). For the whole Pemda each employee in name order is probed through
 * the attendance_employee_date index, which stops as soon as the page is full; the downloads
 * skip the probe (`probe: false`) because they read the month's rows anyway and drop people
 * without any. The downloads of the whole Pemda also skip the year standing (`stats: false`):
 * they read it in one pass (findYearStats) instead of a lookup per person.
 * `before` pages backwards: the rows come back in descending order.
 */
export function findEmployeePage(
  db: Db,
  f: EmployeeFilter & { year: number },
  cursor: { after?: EmployeeKey; before?: EmployeeKey },
  limit: number,
  { probe = true, stats = true } = {},
): Promise<ReportEmployee[]> {
  const base = db.selectFrom('employees as e');
  let q = (
    stats
      ? base
          .leftJoin('employee_year_stats as y', (join) => join.onRef('y.employee_id', '=', 'e.id').on('y.year', '=', f.year))
          .select(['y.tk_count', 'y.tk_streak', 'y.step', 'y.open_flag'])
      : base.select([sql<null>`null`.as('tk_count'), sql<null>`null`.as('tk_streak'), sql<null>`null`.as('step'), sql<null>`null`.as('open_flag')])
  ).select(['e.id', 'e.nip', 'e.name', 'e.position', 'e.rank', 'e.category']);
  if (f.opdId != null) {
    const opdId = f.opdId;
    q = q.where('e.id', 'in', () => unitRollIds(db, opdId, f));
  } else if (probe) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('attendance as a')
          .innerJoin('sessions as s', 's.id', 'a.session_id')
          .select(sql.lit(1).as('one'))
          .whereRef('a.employee_id', '=', 'e.id')
          .where('a.pledge_date', '>=', f.from)
          .where('a.pledge_date', '<=', f.to)
          .where('s.state', '=', 'submitted')
          .where('s.counted', '=', 1),
      ),
    );
  }
  if (f.category) q = q.where('e.category', '=', f.category);
  if (cursor.before) {
    const k = cursor.before;
    return q
      .where((eb) => eb(eb.refTuple('e.name', 'e.id'), '<', eb.tuple(k.name, k.id)))
      .orderBy('e.name', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  }
  if (cursor.after) {
    const k = cursor.after;
    q = q.where((eb) => eb(eb.refTuple('e.name', 'e.id'), '>', eb.tuple(k.name, k.id)));
  }
  return q.orderBy('e.name').orderBy('e.id').limit(limit).execute();
}

/** Everyone on a submitted roll-call of the unit in the month. */
function unitRollIds(db: Db, opdId: number, f: EmployeeFilter) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('attendance as a', 'a.session_id', 's.id')
    .select('a.employee_id')
    .where('s.opd_id', '=', opdId)
    .where('s.state', '=', 'submitted')
    .where('s.counted', '=', 1)
    .where('s.pledge_date', '>=', f.from)
    .where('s.pledge_date', '<=', f.to);
}

/**
 * The longest name, position and rank (in characters) of a unit's people in the month, so the
 * XLSX can size its columns before it streams the rows. It counts everyone on the unit's
 * roll-calls, a superset of the rows written, so a column is never too narrow.
 */
export async function findLongestTexts(db: Db, f: EmployeeFilter & { opdId: number }): Promise<{ name: number; position: number; rank: number }> {
  let q = db
    .selectFrom('employees as e')
    .select([
      sql<number | null>`max(length(e.name))`.as('name'),
      sql<number | null>`max(length(e.position))`.as('position'),
      sql<number | null>`max(length(e.rank))`.as('rank'),
    ])
    .where('e.id', 'in', () => unitRollIds(db, f.opdId, f));
  if (f.category) q = q.where('e.category', '=', f.category);
  const row = await q.executeTakeFirst();
  return { name: Number(row?.name ?? 0), position: Number(row?.position ?? 0), rank: Number(row?.rank ?? 0) };
}

export function findEmployeeKey(db: Db, id: number): Promise<EmployeeKey | undefined> {
  return db.selectFrom('employees').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The submitted attendance rows of some employees in the month (at most ~5 per person). */
export function findAttendanceOf(db: Db, employeeIds: number[], f: EmployeeFilter): Promise<AttendanceFact[]> {
  if (!employeeIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('attendance as a')
    .innerJoin('sessions as s', 's.id', 'a.session_id')
    .select(['a.employee_id', 'a.opd_id', 'a.pledge_date', 'a.status'])
    .where('a.employee_id', 'in', employeeIds)
    .where('a.pledge_date', '>=', f.from)
    .where('a.pledge_date', '<=', f.to)
    .where('s.state', '=', 'submitted')
    .where('s.counted', '=', 1);
  if (f.opdId != null) q = q.where('a.opd_id', '=', f.opdId);
  return q.orderBy('a.employee_id').orderBy('a.pledge_date').execute();
}

/** The month's submitted sessions in scope, in date order (the downloads read their rows). */
export function findSubmittedSessions(db: Db, f: EmployeeFilter): Promise<{ id: number; pledge_date: string }[]> {
  let q = db
    .selectFrom('sessions')
    .select(['id', 'pledge_date'])
    .where('pledge_date', '>=', f.from)
    .where('pledge_date', '<=', f.to)
    .where('state', '=', 'submitted')
    // An uncounted event's roll-call is reported on the event's page, not in the month's figures.
    .where('counted', '=', 1);
  if (f.opdId != null) q = q.where('opd_id', '=', f.opdId);
  return q.orderBy('pledge_date').orderBy('id').execute();
}

/** The compliance rollup of a year for the employee ids in [from, to): a range of the primary key. */
export function findYearStats(db: Db, year: number, from: number, to: number) {
  // `year + 0`, not `year`: both databases would otherwise pick an index that starts with the
  // year and read the whole year for every range, instead of the primary key's range.
  return db
    .selectFrom('employee_year_stats')
    .select(['employee_id', 'tk_count', 'tk_streak', 'step', 'open_flag'])
    .where('employee_id', '>=', from)
    .where('employee_id', '<', to)
    .where(sql<number>`year + 0`, '=', year)
    .execute();
}

export async function findMaxEmployeeId(db: Db): Promise<number> {
  const row = await db.selectFrom('employees').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Every attendance row of some sessions (the primary key's session prefix). */
export function findAttendanceOfSessions(db: Db, sessionIds: number[]) {
  return db
    .selectFrom('attendance')
    .select(['session_id', 'employee_id', 'opd_id', 'status'])
    .where('session_id', 'in', sessionIds)
    .execute();
}

/** Whether the employee belonged to the unit at any time from `from` to `to` (inclusive). */
export async function wasAssignedTo(db: Db, employeeId: number, opdId: number, from: string, to: string): Promise<boolean> {
  const row = await db
    .selectFrom('assignments')
    .select('id')
    .where('employee_id', '=', employeeId)
    .where('opd_id', '=', opdId)
    .where('start_date', '<=', to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', from)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
