import type { OpdPeriod, Status } from '../../db/database';
import { isActiveOn } from '../../lib/calendar';
import { emptyCounts, type StatusCounts } from '../compliance/rollup';
import { evaluateWeek, figuresOf, type EvalContext, type Week } from '../compliance/weeks';
import type { SessionFacts } from './reports.queries';

/**
 * One OPD's month (or the sum over units when `opd` is null). The weekly figures come from the
 * compliance engine's own evaluateWeek/figuresOf, the functions behind the dashboard, so the
 * report and the dashboard agree by construction; the report adds what only it shows.
 */
export interface UnitSummary {
  opd: OpdPeriod | null;
  /** Pledge dates of the month up to today on which the unit was active. */
  expected: number;
  onTime: number;
  late: number;
  /** Expected weeks with no submitted session after the deadline (belum lapor). */
  notLogged: number;
  /** Expected weeks whose deadline has not passed yet, with nothing submitted. */
  pending: number;
  /** Submitted as not held (whatever hr decided about the reason). */
  notHeld: number;
  flaggedWeeks: number;
  /** Weeks with no unit flag / expected weeks (docs/DESIGN.md, "Compliance rules"); null with no expected week. */
  compliance: number | null;
  /** Mean of the weekly session rates ("rata-rata per apel"); only the API carries it, under that name. */
  meanRate: number | null;
  /** The attendance rate (docs/DESIGN.md, Rates): pooled over all attendance rows, as on the dashboard. */
  rate: number | null;
  compliant: number;
  denominator: number;
  tk: number;
  /** Per-status sums of the submitted roll-calls of the expected weeks. */
  counts: StatusCounts;
  /** The weekly rates behind meanRate, for the totals row. */
  rates: number[];
}

const STATUS_COLUMNS: [Status, keyof SessionFacts][] = [
  ['H', 'count_h'],
  ['HD', 'count_hd'],
  ['TL', 'count_tl'],
  ['DL', 'count_dl'],
  ['S', 'count_s'],
  ['I', 'count_i'],
  ['C', 'count_c'],
  ['TB', 'count_tb'],
  ['TK', 'count_tk'],
];

/**
 * Only expected weeks count (docs/DESIGN.md, "Compliance rules"): a pledge date that has come, on which the unit was
 * active. Holiday weeks are not pledge dates at all. `ctx` holds the month's sessions.
 */
export function summarizeUnit(opd: OpdPeriod, dates: string[], today: string, ctx: EvalContext): UnitSummary {
  const weeks: Week[] = dates.filter((d) => d <= today && isActiveOn(opd, d)).map((d) => evaluateWeek(ctx, opd.id, d));
  const f = figuresOf(weeks);
  const submitted = weeks.filter((w) => w.session?.state === 'submitted');
  const counts = emptyCounts();
  for (const w of submitted) {
    const s = w.session as unknown as SessionFacts;
    for (const [status, column] of STATUS_COLUMNS) counts[status] += Number(s[column]);
  }
  return {
    opd,
    expected: f.expectedWeeks,
    onTime: f.onTime,
    late: f.late,
    notLogged: f.overdue,
    pending: weeks.filter((w) => w.session?.state !== 'submitted' && !w.pastDeadline).length,
    notHeld: submitted.filter((w) => !w.session!.held).length,
    flaggedWeeks: f.flaggedWeeks,
    compliance: f.compliance,
    meanRate: f.meanRate,
    rate: f.rate,
    compliant: f.compliant,
    denominator: f.denominator,
    tk: f.tk,
    counts,
    rates: weeks.map((w) => w.rate).filter((r): r is number => r != null),
  };
}

export function emptySummary(opd: OpdPeriod | null): UnitSummary {
  return {
    opd,
    expected: 0,
    onTime: 0,
    late: 0,
    notLogged: 0,
    pending: 0,
    notHeld: 0,
    flaggedWeeks: 0,
    compliance: null,
    meanRate: null,
    rate: null,
    compliant: 0,
    denominator: 0,
    tk: 0,
    counts: emptyCounts(),
    rates: [],
  };
}

/** The totals row, computed the way the dashboard's headline is: over all expected weeks. */
export function sumUnits(units: UnitSummary[]): UnitSummary {
  const t = emptySummary(null);
  for (const u of units) {
    t.expected += u.expected;
    t.onTime += u.onTime;
    t.late += u.late;
    t.notLogged += u.notLogged;
    t.pending += u.pending;
    t.notHeld += u.notHeld;
    t.flaggedWeeks += u.flaggedWeeks;
    t.compliant += u.compliant;
    t.denominator += u.denominator;
    t.tk += u.tk;
    for (const k of Object.keys(t.counts) as Status[]) t.counts[k] += u.counts[k];
    t.rates.push(...u.rates);
  }
  t.compliance = t.expected ? (t.expected - t.flaggedWeeks) / t.expected : null;
  t.meanRate = t.rates.length ? t.rates.reduce((a, b) => a + b, 0) / t.rates.length : null;
  t.rate = t.denominator > 0 ? t.compliant / t.denominator : null;
  return t;
}
