import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import {
  categories,
  coveredCounts,
  employeesWithTk,
  employeesWithYear,
  findSubmittedRows,
  upsertYearStats,
  yearsWithTk,
} from './employee-stats.repository';
import { employeeStep, isOpenFlag } from './rules';
import { unloggedWeeks } from './unlogged-weeks';

type Ladders = Pick<Settings, 'ladder_pns' | 'ladder_pppk'>;
/** What the employee-year figures depend on: the ladders, and the calendar for the streak. */
export type StatsSettings = Ladders & Partial<Pick<Settings, 'holiday_policy' | 'event_kinds_counted'>>;

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
 * does not stop at New Year. Weeks without a row (a holiday, an apel not held) neither break
 * nor extend a streak; `breaks` are the weeks the person's unit did not log, which do break it
 * (docs/DESIGN.md, "Employee flags and the ladder"). The current streak is the run that ends
 * at the year's last row.
 */
export function statsOf(rows: AttendanceFact[], year: number, breaks: string[] = []): YearStats {
  const prefix = String(year);
  let tk = 0;
  let streak = 0;
  let current = 0;
  let max = 0;
  let last: string | null = null;
  let opd: number | null = null;
  let b = 0;
  for (const r of rows) {
    if (r.date.slice(0, 4) > prefix) break;
    while (b < breaks.length && breaks[b] < r.date) [streak, b] = [0, b + 1];
    streak = r.status === 'TK' ? streak + 1 : 0;
    if (!r.date.startsWith(prefix)) continue;
    if (r.status === 'TK') tk++;
    max = Math.max(max, streak);
    [current, last, opd] = [streak, r.date, r.opdId ?? null];
  }
  return { tk_count: tk, tk_streak: current, max_streak: max, last_pledge_date: last, opd_id: opd };
}

/** The flag columns of one employee-year: recommended step, coverage by the latest follow-up, open. */
export function flagState(category: string, stats: Pick<YearStats, 'tk_count' | 'max_streak'>, covered: number, ladders: Ladders) {
  const step = employeeStep(category, stats, ladders);
  return { step, covered, open_flag: isOpenFlag(step, stats.tk_count, covered) ? 1 : 0 };
}

export interface EmployeeFacts {
  rows: Map<number, AttendanceFact[]>;
  breaks: Map<number, string[]>;
}

/** Submitted roll-call rows of `ids` from `from` to `to` in date order, and the weeks that break their streaks. */
export async function employeeFacts(db: Db, ids: number[], from: string, to: string, settings: StatsSettings): Promise<EmployeeFacts> {
  const found = await findSubmittedRows(db, ids, from, to);
  const rows = new Map<number, AttendanceFact[]>(ids.map((id) => [id, []]));
  for (const r of found) rows.get(r.employee_id)?.push({ date: r.pledge_date, status: r.status, opdId: r.opd_id });
  const dates = new Map([...rows].map(([id, list]) => [id, list.map((r) => r.date)]));
  const kinds = settings.event_kinds_counted ?? (await getSettings(db)).event_kinds_counted;
  const breaks = await unloggedWeeks(db, dates, settings.holiday_policy ?? 'skip', kinds);
  return { rows, breaks };
}

/**
 * Recomputes the TK count, streaks and flag state of some employees for one calendar year from
 * submitted sessions; call inside the transaction that changed their attendance. When the
 * employees already have figures for the next year, those are refreshed too, because a
 * December change can move a streak that continues into January.
 */
export async function refreshEmployeeYearStats(db: Db, employeeIds: number[], year: number, settings?: StatsSettings): Promise<void> {
  const ids = [...new Set(employeeIds)];
  if (!ids.length) return;
  const given = settings ?? (await getSettings(db));
  // A caller that passed only the ladders still gets the instance's holiday policy and counted event kinds.
  const stored = given.holiday_policy && given.event_kinds_counted ? null : await getSettings(db);
  const calendar = stored ? { ...given, holiday_policy: given.holiday_policy ?? stored.holiday_policy, event_kinds_counted: given.event_kinds_counted ?? stored.event_kinds_counted } : given;
  const updated_at = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const facts = await employeeFacts(db, chunk, `${year - 1}-01-01`, `${year}-12-31`, calendar);
    const cats = await categories(db, chunk);
    const covered = await coveredCounts(db, chunk, year);
    const values = chunk.map((employee_id) => {
      const stats = statsOf(facts.rows.get(employee_id) ?? [], year, facts.breaks.get(employee_id));
      const flags = flagState(cats.get(employee_id) ?? 'PNS', stats, covered.get(employee_id) ?? 0, calendar);
      return { employee_id, year, ...stats, ...flags, updated_at };
    });
    await upsertYearStats(db, values);
    const next = await employeesWithYear(db, chunk, year + 1);
    if (next.length) await refreshEmployeeYearStats(db, next, year + 1, calendar);
  }
}

/**
 * After the calendar changes (a holiday added, moved or removed, or the holiday policy), a week
 * may become or stop being one the unit owed, which moves streaks: refresh the employee-years
 * of `years` (default: every year) that have a TK, the only ones with a streak to move.
 */
export async function refreshStreaks(db: Db, years?: number[], settings?: StatsSettings): Promise<void> {
  const list = years ? [...new Set(years)].sort() : await yearsWithTk(db);
  for (const year of list) await refreshEmployeeYearStats(db, await employeesWithTk(db, year), year, settings);
}
