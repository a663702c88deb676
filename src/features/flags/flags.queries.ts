import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect';
import type { FollowUpTable } from '../../db/database';
import type { UnitScope } from '../../policy';

/*
 * Employee flags (docs/DESIGN.md, "Compliance rules") read from the employee-year rollup: a flag is an employee-year with
 * a recommended step; it is open while its TK count exceeds what the latest follow-up covered.
 */
export type FlagStatus = 'open' | 'closed' | 'all';

export interface FlagFilter {
  year: number;
  status: FlagStatus;
  /** The units whose flags are listed (the unit of the employee-year). */
  units: UnitScope;
  step?: string | null;
  category?: string | null;
}

function filtered(db: Db, f: FlagFilter) {
  let q = db
    .selectFrom('employee_year_stats as s')
    .innerJoin('employees as e', 'e.id', 's.employee_id')
    .leftJoin('opds as o', 'o.id', 's.opd_id')
    .where('s.year', '=', f.year)
    .where('s.step', 'is not', null);
  if (f.status !== 'all') q = q.where('s.open_flag', '=', f.status === 'open' ? 1 : 0);
  if (f.units.kind === 'units') q = q.where('s.opd_id', 'in', f.units.ids);
  if (f.step) q = q.where('s.step', '=', f.step);
  if (f.category) q = q.where('e.category', '=', f.category as never);
  return q;
}

export interface FlagRow {
  employee_id: number;
  nip: string;
  name: string;
  category: string;
  position: string | null;
  opd_code: string | null;
  opd_name: string | null;
  year: number;
  tk_count: number;
  tk_streak: number;
  max_streak: number;
  step: string | null;
  covered: number;
  open_flag: number;
  last_pledge_date: string | null;
}

export async function listFlags(db: Db, f: FlagFilter, page: number, size: number): Promise<{ rows: FlagRow[]; total: number }> {
  if (f.units.kind === 'units' && f.units.ids.length === 0) return { rows: [], total: 0 };
  const count = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await filtered(db, f)
    .select([
      's.employee_id',
      'e.nip',
      'e.name',
      'e.category',
      'e.position',
      'o.code as opd_code',
      'o.name as opd_name',
      's.year',
      's.tk_count',
      's.tk_streak',
      's.max_streak',
      's.step',
      's.covered',
      's.open_flag',
      's.last_pledge_date',
    ])
    .orderBy('s.open_flag', 'desc')
    .orderBy('s.tk_count', 'desc')
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  return { rows: rows.map((r) => ({ ...r, covered: Number(r.covered), open_flag: Number(r.open_flag) })), total: Number(count?.n ?? 0) };
}

export function findFlag(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('employee_year_stats as s')
    .leftJoin('opds as o', 'o.id', 's.opd_id')
    .select(['s.tk_count', 's.tk_streak', 's.max_streak', 's.step', 's.covered', 's.open_flag', 's.opd_id', 'o.code as opd_code', 'o.name as opd_name'])
    .where('s.employee_id', '=', employeeId)
    .where('s.year', '=', year)
    .executeTakeFirst();
}

/** The year's TK Mondays of submitted roll-calls (index attendance_employee_date). */
export function findTkDates(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('attendance as a')
    .innerJoin('sessions as x', 'x.id', 'a.session_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['a.session_id', 'a.pledge_date', 'a.opd_id', 'o.code as opd_code', 'o.name as opd_name'])
    .where('a.employee_id', '=', employeeId)
    .where('a.pledge_date', '>=', `${year}-01-01`)
    .where('a.pledge_date', '<=', `${year}-12-31`)
    .where('a.status', '=', 'TK')
    .where('x.state', '=', 'submitted')
    .where('x.counted', '=', 1)
    .orderBy('a.pledge_date')
    .execute();
}

export function findAttendanceRow(db: Db, employeeId: number, pledgeDate: string) {
  return db
    .selectFrom('attendance as a')
    .innerJoin('sessions as x', 'x.id', 'a.session_id')
    .select(['a.session_id', 'a.employee_id', 'a.opd_id', 'a.pledge_date', 'a.status', 'a.cuti_type', 'a.note', 'a.planned_absence_id', 'x.state', 'x.version'])
    .where('a.employee_id', '=', employeeId)
    .where('a.pledge_date', '=', pledgeDate)
    .executeTakeFirst();
}

export function insertFollowUp(db: Db, values: Insertable<FollowUpTable>) {
  return db.insertInto('follow_ups').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findFollowUpById(db: Db, id: number) {
  return db.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLatestCovered(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('follow_ups')
    .select('tk_count_covered')
    .where('employee_id', '=', employeeId)
    .where('year', '=', year)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The current unit of an employee, for the letter when the roll-up has none. */
export function findCurrentUnit(db: Db, employeeId: number, today: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['o.id', 'o.code', 'o.name', 'o.head_name', 'o.head_rank', 'o.head_nip'])
    .where('a.employee_id', '=', employeeId)
    .where('a.start_date', '<=', today)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)]))
    .executeTakeFirst();
}

/** The unit of a flag with its head, who signs the unit's reprimands by default. */
export function findUnitHead(db: Db, opdId: number) {
  return db.selectFrom('opds').select(['name', 'head_name', 'head_rank', 'head_nip']).where('id', '=', opdId).executeTakeFirst();
}

export function findOpdChoices(db: Db) {
  return db.selectFrom('opds').select(['code', 'name']).orderBy('code').execute();
}

