import type { Db } from '../../db/connect';
import { addDays, localToday, pledgeDatesBetween, type HolidayMap } from '../../lib/calendar';
import { loadHolidayMap } from '../holidays/holidays.service';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import * as q from './employee-history.queries';

export interface EmployeeHistoryRow {
  pledge_date: string;
  /** null: the person was expected in that unit but no roll-call row exists (yet). */
  status: string | null;
  cuti_type: string | null;
  note: string | null;
  opd_code: string;
  opd_name: string;
  /** 'draft' | 'submitted' | null when the unit has no session that day. */
  session_state: string | null;
  /** The status came from a registered planned absence. */
  planned: boolean;
}

export interface EmployeeHistory {
  year: number;
  nip: string | null;
  years: number[];
  rows: EmployeeHistoryRow[];
  plannedAbsences: Awaited<ReturnType<typeof q.findPlannedAbsencesOfYear>>;
  tkCount: number;
  streak: number;
  maxStreak: number;
  /** Recommended step under the ladder of the employee's category; null when none is reached. */
  step: string | null;
  covered: number;
  open: boolean;
  followUps: Awaited<ReturnType<typeof q.findFollowUps>>;
}

export interface HistoryOptions {
  settings?: Settings;
  /** The instance timezone (config.timezone), for "today". */
  timezone?: string;
}

type Segment = Awaited<ReturnType<typeof q.findAssignmentsOfYear>>[number];
type EmployeeFacts = NonNullable<Awaited<ReturnType<typeof q.findEmployeeCategory>>>;

const max = (...d: (string | null | undefined)[]) => d.filter((x): x is string => !!x).sort().pop()!;
const min = (...d: (string | null | undefined)[]) => d.filter((x): x is string => !!x).sort()[0];

/**
 * The pledge dates on which the person was expected somewhere: while assigned to a unit, in
 * service, and the unit active. Weeks before the assignment or after it are not theirs.
 */
function expectedDates(segments: Segment[], e: EmployeeFacts, year: number, today: string, holidays: HolidayMap, settings: Settings) {
  const out = new Map<string, Segment>();
  for (const s of segments) {
    const from = max(s.start_date, `${year}-01-01`, e.active_from, s.active_from);
    const to = min(s.end_date ? addDays(s.end_date, -1) : null, `${year}-12-31`, today, e.active_to, s.active_to);
    if (from > to) continue;
    for (const d of pledgeDatesBetween(from, to, holidays, settings.holiday_policy)) out.set(d, s);
  }
  return out;
}

/**
 * Every pledge date of a year for one employee (docs/DESIGN.md, "Reports and exports"): the status and the unit at that
 * time (transfers show as a change of unit), planned absences, TK count, streaks, the
 * recommended step and hr's follow-ups. Shown on the employee page through the partial
 * `compliance/employee-history`.
 */
export async function employeeHistory(db: Db, employeeId: number, year: number, opts: HistoryOptions = {}): Promise<EmployeeHistory> {
  const settings = opts.settings ?? (await getSettings(db));
  const today = localToday(opts.timezone ?? 'Asia/Jakarta');
  const employee = await q.findEmployeeCategory(db, employeeId);
  const attendance = await q.findAttendanceOfYear(db, employeeId, year);
  const segments = await q.findAssignmentsOfYear(db, employeeId, year);
  const holidays = await loadHolidayMap(db, `${year}-01-01`, `${year}-12-31`);
  const expected = employee ? expectedDates(segments, employee, year, today, holidays, settings) : new Map<string, Segment>();

  const rows = new Map<string, EmployeeHistoryRow>();
  for (const [date, s] of expected) {
    rows.set(date, { pledge_date: date, status: null, cuti_type: null, note: null, opd_code: s.opd_code, opd_name: s.opd_name, session_state: null, planned: false });
  }
  for (const a of attendance) {
    rows.set(a.pledge_date, { ...a, planned: a.planned_absence_id != null });
  }
  const stats = await q.findYearStats(db, employeeId, year);
  return {
    year,
    nip: employee?.nip ?? null,
    years: [...new Set([Number(today.slice(0, 4)), year, ...(await q.findStatYears(db, employeeId))])].sort((a, b) => b - a),
    rows: [...rows.values()].sort((a, b) => b.pledge_date.localeCompare(a.pledge_date)),
    plannedAbsences: await q.findPlannedAbsencesOfYear(db, employeeId, year),
    tkCount: stats?.tk_count ?? 0,
    streak: stats?.tk_streak ?? 0,
    maxStreak: stats?.max_streak ?? 0,
    step: stats?.step ?? null,
    covered: Number(stats?.covered ?? 0),
    open: Number(stats?.open_flag ?? 0) === 1,
    followUps: await q.findFollowUps(db, employeeId, year),
  };
}
