import { deadlineOf, type HolidayMap } from '../../lib/calendar';
import type { Settings } from '../settings/settings.defaults';
import { sessionState, type SessionState } from '../sessions/session-state';
import { unitCompliance, unitFlags, worstLevel, type UnitFlag } from './rules';

/*
 * One OPD's week, evaluated from the session rollup (never from attendance rows): the building
 * block of the dashboard, the OPD page, the monthly report and the API.
 */
export interface SessionRow {
  id: number;
  opd_id: number;
  pledge_date: string;
  state: 'draft' | 'submitted';
  late: number;
  held: number;
  reason_accepted: number | null;
  rate: number | null;
  compliant_count: number;
  expected_count: number;
  excused_count: number;
  count_tk: number;
  count_h: number;
  count_tl: number;
  count_verified: number;
  submitted_at: string | null;
}

export type CellKind = 'ok' | 'amber' | 'red' | 'pending' | 'holiday' | 'inactive';

export interface Week {
  pledgeDate: string;
  deadline: string;
  pastDeadline: boolean;
  session: SessionRow | null;
  state: SessionState;
  flags: UnitFlag[];
  level: 'red' | 'amber' | null;
  /** The session's rate when it counts (submitted and held). */
  rate: number | null;
}

export interface EvalContext {
  settings: Settings;
  zone: string;
  now: string;
  holidays: HolidayMap;
  /** Sessions by `${opd_id}|${pledge_date}`. */
  sessions: Map<string, SessionRow>;
  deadlines: Map<string, string>;
}

export function makeContext(settings: Settings, zone: string, now: string, holidays: HolidayMap, rows: SessionRow[]): EvalContext {
  return { settings, zone, now, holidays, sessions: new Map(rows.map((s) => [`${s.opd_id}|${s.pledge_date}`, s])), deadlines: new Map() };
}

function deadline(ctx: EvalContext, date: string): string {
  let d = ctx.deadlines.get(date);
  if (!d) ctx.deadlines.set(date, (d = deadlineOf(date, ctx.settings, ctx.zone, ctx.holidays)));
  return d;
}

export function evaluateWeek(ctx: EvalContext, opdId: number, pledgeDate: string): Week {
  const session = ctx.sessions.get(`${opdId}|${pledgeDate}`) ?? null;
  const due = deadline(ctx, pledgeDate);
  const pastDeadline = ctx.now > due;
  const flags = unitFlags(session, pastDeadline, ctx.settings);
  const counted = session?.state === 'submitted' && session.held === 1;
  return {
    pledgeDate,
    deadline: due,
    pastDeadline,
    session,
    state: sessionState(session, due, ctx.now).state,
    flags,
    level: worstLevel(flags),
    rate: counted ? session.rate : null,
  };
}

export interface Figures {
  expectedWeeks: number;
  submitted: number;
  onTime: number;
  late: number;
  flaggedWeeks: number;
  /** Expected weeks still without a report after their deadline (belum lapor). */
  overdue: number;
  compliance: number | null;
  /** Mean of session rates ("rata-rata per apel"); never shown as the attendance rate. */
  meanRate: number | null;
  /** The attendance rate (docs/DESIGN.md, Rates): all compliant people over all who had to attend. */
  rate: number | null;
  compliant: number;
  denominator: number;
  tk: number;
  /** Hadir and Terlambat of submitted, held sessions, and how many of them a check-in backs. */
  present: number;
  verified: number;
  /** verified / present (verifiedShare), null when nobody was present. */
  verifiedShare: number | null;
}

/**
 * The verified share ("terverifikasi", docs/DESIGN.md "Employees, check-in and events"): Hadir and
 * Terlambat backed by a check-in, over all Hadir and Terlambat; null when nobody was present.
 * Every page sums the stored sessions.count_verified and count_h + count_tl, so they agree.
 */
export function verifiedShare(verified: number, present: number): number | null {
  return present > 0 ? verified / present : null;
}

export function figuresOf(weeks: Week[]): Figures {
  const c = unitCompliance(weeks);
  const submitted = weeks.filter((w) => w.session?.state === 'submitted');
  const held = submitted.filter((w) => w.session!.held === 1);
  const compliant = held.reduce((a, w) => a + Number(w.session!.compliant_count), 0);
  const denominator = held.reduce((a, w) => a + Number(w.session!.expected_count) - Number(w.session!.excused_count), 0);
  const present = held.reduce((a, w) => a + Number(w.session!.count_h) + Number(w.session!.count_tl), 0);
  const verified = held.reduce((a, w) => a + Number(w.session!.count_verified), 0);
  return {
    expectedWeeks: c.expectedWeeks,
    submitted: submitted.length,
    onTime: submitted.filter((w) => !w.session!.late).length,
    late: submitted.filter((w) => w.session!.late).length,
    flaggedWeeks: c.flaggedWeeks,
    overdue: weeks.filter((w) => w.flags.some((f) => f.code === 'belum_lapor')).length,
    compliance: c.compliance,
    meanRate: c.meanRate,
    rate: denominator > 0 ? compliant / denominator : null,
    compliant,
    denominator,
    tk: submitted.reduce((a, w) => a + Number(w.session!.count_tk), 0),
    present,
    verified,
    verifiedShare: verifiedShare(verified, present),
  };
}

export function cellKind(week: Week | null, active: boolean, today: string): CellKind {
  if (!active) return 'inactive';
  if (!week) return 'holiday';
  if (week.pledgeDate > today) return 'pending';
  if (week.level) return week.level;
  return week.session?.state === 'submitted' ? 'ok' : 'pending';
}
