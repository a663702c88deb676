import type { Db } from '../../db/connect';
import type { Insertable } from 'kysely';
import type { EmployeeYearStatsTable } from '../../db/database';

/** TK count covered by the latest follow-up of each employee of `ids` in `year` (absent: 0). */
export async function coveredCounts(db: Db, ids: number[], year: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('follow_ups')
    .select(['employee_id', 'tk_count_covered'])
    .where('employee_id', 'in', ids)
    .where('year', '=', year)
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.employee_id, Number(r.tk_count_covered)]));
}

/** TK count covered by the latest follow-up, by `${employee_id}|${year}`, for every year. */
export async function coveredCountsAllYears(db: Db, ids: number[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('follow_ups')
    .select(['employee_id', 'year', 'tk_count_covered'])
    .where('employee_id', 'in', ids)
    .orderBy('id')
    .execute();
  return new Map(rows.map((f) => [`${f.employee_id}|${f.year}`, Number(f.tk_count_covered)]));
}

export async function categories(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows = await db.selectFrom('employees').select(['id', 'category']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.category]));
}

/** Employee ids after `afterId`, in id order: the rebuild walks the table in batches. */
export async function employeeIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('employees').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Submitted roll-call rows of `ids` from `from` to `to`, by employee then date. */
export function findSubmittedRows(db: Db, ids: number[], from: string, to: string) {
  return db
    .selectFrom('attendance')
    .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
    .select(['attendance.employee_id', 'attendance.pledge_date', 'attendance.status', 'attendance.opd_id'])
    .where('attendance.employee_id', 'in', ids)
    .where('sessions.state', '=', 'submitted')
    // An uncounted event's roll-call changes no TK count (docs/DESIGN.md, events).
    .where('sessions.counted', '=', 1)
    .where('attendance.pledge_date', '>=', from)
    .where('attendance.pledge_date', '<=', to)
    .orderBy('attendance.employee_id')
    .orderBy('attendance.pledge_date')
    .execute();
}

/**
 * The assignments of `ids` that overlap [from, to], with the person's service and the unit's
 * active period: who belonged where on each pledge date.
 */
export function findAssignmentsBetween(db: Db, ids: number[], from: string, to: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select([
      'a.employee_id',
      'a.opd_id',
      'a.start_date',
      'a.end_date',
      'e.active_from',
      'e.active_to',
      'o.active_from as opd_from',
      'o.active_to as opd_to',
    ])
    .where('a.employee_id', 'in', ids)
    .where('a.start_date', '<=', to)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', from)]))
    .execute();
}

/** Uncancelled CLTN of `ids` overlapping [from, to]: those weeks the person was off the roll-call. */
export function findCltnBetween(db: Db, ids: number[], from: string, to: string) {
  return db
    .selectFrom('planned_absences')
    .select(['employee_id', 'start_date', 'end_date'])
    .where('employee_id', 'in', ids)
    .where('status', '=', 'CLTN')
    .where('cancelled_at', 'is', null)
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .execute();
}

/** `${opd_id}|${pledge_date}` of every submitted session of `opdIds` from `from` to `to`. */
export async function submittedSessionKeys(db: Db, opdIds: number[], from: string, to: string): Promise<Set<string>> {
  if (!opdIds.length) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .select(['opd_id', 'pledge_date'])
    .where('opd_id', 'in', opdIds)
    .where('state', '=', 'submitted')
    .where('pledge_date', '>=', from)
    .where('pledge_date', '<=', to)
    .execute();
  return new Set(rows.map((r) => `${r.opd_id}|${r.pledge_date}`));
}

/** Writes computed employee-year rows (insert or replace every column). */
export async function upsertYearStats(db: Db, values: Insertable<EmployeeYearStatsTable>[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insertInto('employee_year_stats')
      .values(values.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['employee_id', 'year']).doUpdateSet((eb) => ({
          tk_count: eb.ref('excluded.tk_count'),
          tk_streak: eb.ref('excluded.tk_streak'),
          max_streak: eb.ref('excluded.max_streak'),
          last_pledge_date: eb.ref('excluded.last_pledge_date'),
          opd_id: eb.ref('excluded.opd_id'),
          step: eb.ref('excluded.step'),
          covered: eb.ref('excluded.covered'),
          open_flag: eb.ref('excluded.open_flag'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Of `ids`, those with stored figures for `year`. */
export async function employeesWithYear(db: Db, ids: number[], year: number): Promise<number[]> {
  const rows = await db.selectFrom('employee_year_stats').select('employee_id').where('employee_id', 'in', ids).where('year', '=', year).execute();
  return rows.map((r) => r.employee_id);
}

/** Employees with a TK in `year`. */
export async function employeesWithTk(db: Db, year: number): Promise<number[]> {
  const rows = await db.selectFrom('employee_year_stats').select('employee_id').where('year', '=', year).where('tk_count', '>', 0).execute();
  return rows.map((r) => r.employee_id);
}

/** The years in which someone has a TK, oldest first. */
export async function yearsWithTk(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('employee_year_stats').select('year').distinct().where('tk_count', '>', 0).orderBy('year').execute();
  return rows.map((r) => r.year);
}

/** Every (employee, year) already stored for `ids`. */
export function storedYears(db: Db, ids: number[]) {
  return db.selectFrom('employee_year_stats').select(['employee_id', 'year']).where('employee_id', 'in', ids).execute();
}

/** Fills the unit of stored rows written without one (the demo seed inserts figures directly). */
export async function fillMissingUnits(db: Db): Promise<void> {
  await db
    .updateTable('employee_year_stats')
    .set({
      opd_id: (eb) =>
        eb
          .selectFrom('attendance')
          .select('attendance.opd_id')
          .whereRef('attendance.employee_id', '=', 'employee_year_stats.employee_id')
          .whereRef('attendance.pledge_date', '=', 'employee_year_stats.last_pledge_date')
          .limit(1),
    })
    .where('opd_id', 'is', null)
    .where('last_pledge_date', 'is not', null)
    .execute();
}

/** Stored employee-years that have or had a flag, optionally of one year or some employees. */
export function findFlagCandidates(db: Db, only: { year?: number; employeeIds?: number[] }) {
  let q = db
    .selectFrom('employee_year_stats')
    .select(['employee_id', 'year', 'tk_count', 'max_streak', 'step', 'covered', 'open_flag'])
    .where((eb) => eb.or([eb('tk_count', '>', 0), eb('step', 'is not', null), eb('open_flag', '=', 1), eb('covered', '>', 0)]));
  if (only.year != null) q = q.where('year', '=', only.year);
  if (only.employeeIds) q = q.where('employee_id', 'in', only.employeeIds.length ? only.employeeIds : [-1]);
  return q.execute();
}

export async function setFlagState(
  db: Db,
  year: number,
  ids: number[],
  set: { step: string | null; covered: number; open_flag: number },
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('employee_year_stats').set(set).where('year', '=', year).where('employee_id', 'in', ids.slice(i, i + 500)).execute();
  }
}
