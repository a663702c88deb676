import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import { employeeStep, isOpenFlag } from './rules';

type Ladders = Pick<Settings, 'ladder_pns' | 'ladder_pppk'>;

export interface AttendanceFact {
  date: string;
  status: string;
  opdId?: number | null;
}

export interface YearStats {
  tk_count: number;
  tk_streak: number;
  max_streak: number;
  last_pledge_date: string | null;
  opd_id: number | null;
}

/**
 * Pure: TK count, current and longest streak for `year` from an employee's submitted roll-call
 * rows in date order. Rows of the year before feed the streak only, since a run of absences
 * does not stop at New Year. Holiday weeks and weeks without a roll-call have no row, so they
 * neither break nor extend a streak.
 */
export function statsOf(rows: AttendanceFact[], year: number): YearStats {
  const prefix = String(year);
  let tk = 0;
  let streak = 0;
  let max = 0;
  let last: string | null = null;
  let opd: number | null = null;
  for (const r of rows) {
    if (r.date.slice(0, 4) > prefix) break;
    streak = r.status === 'TK' ? streak + 1 : 0;
    if (!r.date.startsWith(prefix)) continue;
    if (r.status === 'TK') tk++;
    max = Math.max(max, streak);
    last = r.date;
    opd = r.opdId ?? null;
  }
  return { tk_count: tk, tk_streak: last ? streak : 0, max_streak: max, last_pledge_date: last, opd_id: opd };
}

/** The flag columns of one employee-year: recommended step, coverage by the latest follow-up, open. */
export function flagState(category: string, stats: Pick<YearStats, 'tk_count' | 'max_streak'>, covered: number, ladders: Ladders) {
  const step = employeeStep(category, stats, ladders);
  return { step, covered, open_flag: isOpenFlag(step, stats.tk_count, covered) ? 1 : 0 };
}

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

export async function categories(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows = await db.selectFrom('employees').select(['id', 'category']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.category]));
}

/** Submitted roll-call rows of `ids` from `from` to `to`, grouped per employee in date order. */
export async function submittedRows(db: Db, ids: number[], from: string, to: string): Promise<Map<number, AttendanceFact[]>> {
  const rows = await db
    .selectFrom('attendance')
    .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
    .select(['attendance.employee_id', 'attendance.pledge_date', 'attendance.status', 'attendance.opd_id'])
    .where('attendance.employee_id', 'in', ids)
    .where('sessions.state', '=', 'submitted')
    .where('attendance.pledge_date', '>=', from)
    .where('attendance.pledge_date', '<=', to)
    .orderBy('attendance.employee_id')
    .orderBy('attendance.pledge_date')
    .execute();
  const out = new Map<number, AttendanceFact[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(r.employee_id)?.push({ date: r.pledge_date, status: r.status, opdId: r.opd_id });
  return out;
}

/** Writes computed employee-year rows (insert or replace every column). */
export async function upsertYearStats(db: Db, values: (YearStats & ReturnType<typeof flagState> & { employee_id: number; year: number })[]) {
  const updated_at = nowIso();
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insertInto('employee_year_stats')
      .values(values.slice(i, i + 500).map((v) => ({ ...v, updated_at })))
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

/**
 * Recomputes the TK count, streaks and flag state of some employees for one calendar year from
 * submitted sessions; call inside the transaction that changed their attendance. When the
 * employees already have figures for the next year, those are refreshed too, because a
 * December change can move a streak that continues into January.
 */
export async function refreshEmployeeYearStats(db: Db, employeeIds: number[], year: number, settings?: Ladders): Promise<void> {
  const ids = [...new Set(employeeIds)];
  if (!ids.length) return;
  const ladders = settings ?? (await getSettings(db));
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await submittedRows(db, chunk, `${year - 1}-01-01`, `${year}-12-31`);
    const cats = await categories(db, chunk);
    const covered = await coveredCounts(db, chunk, year);
    const values = chunk.map((employee_id) => {
      const stats = statsOf(rows.get(employee_id) ?? [], year);
      return { employee_id, year, ...stats, ...flagState(cats.get(employee_id) ?? 'PNS', stats, covered.get(employee_id) ?? 0, ladders) };
    });
    await upsertYearStats(db, values);
    const next = await db
      .selectFrom('employee_year_stats')
      .select('employee_id')
      .where('employee_id', 'in', chunk)
      .where('year', '=', year + 1)
      .execute();
    if (next.length) await refreshEmployeeYearStats(db, next.map((r) => r.employee_id), year + 1, ladders);
  }
}
