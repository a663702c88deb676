import type { OpdPeriod } from '../../db/database';
import { isActiveOn, type HolidayMap } from '../../lib/calendar';
import type { Settings } from '../settings/settings.defaults';
import type { SessionState } from '../sessions/session-state';
import { pledgeDatesSoFar, trendWeeks, type Period, type WeekColumn } from './period';

export type { BelumLapor } from './belum-lapor';
import { belumLaporOf, unreportedOf, type BelumLapor, type UnreportedInPeriod } from './belum-lapor';
import type { PeriodTotals } from './compliance.queries';
import { expectedDatesOf, type CountedEvent } from './expected-dates';
import type { UnitFlag } from './rules';
import { cellKind, evaluateWeek, figuresOf, makeContext, type CellKind, type EvalContext, type Figures, type SessionRow, type Week } from './weeks';

/*
 * The compliance summary as plain data, assembled from a handful of small reads (see
 * compliance.queries.ts). The dashboard, the OPD page, the monthly report and the API all
 * print these numbers, so they agree by construction.
 */
export interface TrendCell {
  monday: string;
  pledgeDate: string | null;
  kind: CellKind;
  rate: number | null;
  flags: UnitFlag[];
  state: SessionState | null;
  sessionId: number | null;
}

export interface OpdSummary {
  id: number;
  code: string;
  name: string;
  figures: Figures;
  previous: PreviousFigures;
  openFlags: number;
  trend: TrendCell[];
}

/** The previous period, for "change against": totals only (no per-week flags). */
export interface PreviousFigures {
  expectedWeeks: number;
  onTime: number;
  tk: number;
  rate: number | null;
}

export interface PreviousHeadline {
  expected: number;
  onTime: number;
  onTimeShare: number | null;
  rate: number | null;
  tk: number;
  openFlags: number;
}

export interface Headline extends PreviousHeadline {
  overdue: number;
  compliance: number | null;
  /** The Pemda's verified share: every unit's verified H/TL over their H/TL (weeks.ts verifiedShare). */
  verifiedShare: number | null;
  verified: number;
  present: number;
}


export interface SettingsUsed {
  rate_amber: number;
  rate_red: number;
  virtual_counts: boolean;
  deadline_days_after: number;
  deadline_time: string;
  holiday_policy: Settings['holiday_policy'];
}

export interface ComplianceSummary {
  period: Period;
  pledgeDates: string[];
  /** The week the headline "this week" and the belum-lapor list are about. */
  reference: string | null;
  trendWeeks: WeekColumn[];
  settingsUsed: SettingsUsed;
  generatedAt: string;
  headline: Headline;
  previous: PreviousHeadline;
  change: { onTimeShare: number | null; rate: number | null; tk: number | null; openFlags: number | null };
  opds: OpdSummary[];
  /** The reference week's units without a report (what the week view lists). */
  belumLapor: BelumLapor[];
  /** Month and year: units with any unreported week in the period; empty for a week. */
  unreported: UnreportedInPeriod[];
}

export interface SummaryInput {
  period: Period;
  today: string;
  now: string;
  zone: string;
  settings: Settings;
  holidays: HolidayMap;
  opds: OpdPeriod[];
  sessions: SessionRow[];
  openFlags: Map<number, number>;
  /** Open flags of the previous period's year; null when it is the same year. */
  previousOpenFlags: Map<number, number> | null;
  /** Per-OPD totals of the previous period's pledge dates (compliance.queries sumSessions). */
  previousTotals: Map<number, PeriodTotals>;
  /** Counted events of the period and of the previous period (expected-dates.ts). */
  events?: CountedEvent[];
  previousEvents?: CountedEvent[];
}

/** The unit's expected dates of the period: its weeks and the counted events that expect it. */
function weeksOf(ctx: EvalContext, opd: OpdPeriod, dates: string[], events: CountedEvent[]): Week[] {
  return expectedDatesOf({ pledgeDates: dates, events }, opd).map((d) => evaluateWeek(ctx, opd.id, d));
}

function trendOf(ctx: EvalContext, opd: OpdPeriod, columns: WeekColumn[], today: string, start: string): TrendCell[] {
  return columns.map((c) => {
    // Weeks before the Pemda started using Ikrar were never logged here: shown as not active.
    const active = isActiveOn(opd, c.pledgeDate ?? c.monday) && (c.pledgeDate ?? c.monday) >= start;
    const week = c.pledgeDate && active ? evaluateWeek(ctx, opd.id, c.pledgeDate) : null;
    return {
      monday: c.monday,
      pledgeDate: c.pledgeDate,
      kind: cellKind(week, active, today),
      rate: week?.rate ?? null,
      flags: week?.flags ?? [],
      state: week && c.pledgeDate! <= today ? week.state : null,
      sessionId: week?.session?.id ?? null,
    };
  });
}

function headlineOf(weeks: Week[], openFlags: number): Headline {
  const f = figuresOf(weeks);
  return {
    expected: f.expectedWeeks,
    onTime: f.onTime,
    onTimeShare: f.expectedWeeks ? f.onTime / f.expectedWeeks : null,
    rate: f.rate,
    tk: f.tk,
    openFlags,
    overdue: f.overdue,
    compliance: f.compliance,
    verifiedShare: f.verifiedShare,
    verified: f.verified,
    present: f.present,
  };
}

function previousOf(totals: PeriodTotals | undefined, expectedWeeks: number): PreviousFigures {
  const t = totals ?? { on_time: 0, tk: 0, compliant: 0, denominator: 0 };
  return { expectedWeeks, onTime: t.on_time, tk: t.tk, rate: t.denominator > 0 ? t.compliant / t.denominator : null };
}

function previousHeadline(rows: { previous: PreviousFigures; totals?: PeriodTotals }[], openFlags: number): PreviousHeadline {
  const expected = rows.reduce((a, r) => a + r.previous.expectedWeeks, 0);
  const onTime = rows.reduce((a, r) => a + r.previous.onTime, 0);
  const compliant = rows.reduce((a, r) => a + (r.totals?.compliant ?? 0), 0);
  const denominator = rows.reduce((a, r) => a + (r.totals?.denominator ?? 0), 0);
  return {
    expected,
    onTime,
    onTimeShare: expected ? onTime / expected : null,
    rate: denominator > 0 ? compliant / denominator : null,
    tk: rows.reduce((a, r) => a + r.previous.tk, 0),
    openFlags,
  };
}

/** The events of a range that have come (up to today). */
const soFar = (events: CountedEvent[], range: { from: string; to: string }, today: string) =>
  events.filter((e) => e.date >= range.from && e.date <= range.to && e.date <= today);

const diff = (a: number | null, b: number | null) => (a == null || b == null ? null : a - b);
const sum = (m: Map<number, number>, ids: number[]) => ids.reduce((a, id) => a + (m.get(id) ?? 0), 0);

/** Worst first: least compliant, then lowest attendance rate, most TK, most open flags. */
function worstFirst(a: OpdSummary, b: OpdSummary): number {
  // A unit with no expected week sorts last; one with no rate at all (nothing reported) first.
  const compliance = (x: number | null) => (x == null ? 2 : x);
  const rate = (x: number | null) => (x == null ? -1 : x);
  return (
    compliance(a.figures.compliance) - compliance(b.figures.compliance) ||
    rate(a.figures.rate) - rate(b.figures.rate) ||
    b.figures.tk - a.figures.tk ||
    b.openFlags - a.openFlags ||
    a.code.localeCompare(b.code)
  );
}

export function buildSummary(input: SummaryInput): ComplianceSummary {
  const { period, today, settings, holidays } = input;
  const ctx = makeContext(settings, input.zone, input.now, holidays, input.sessions);
  const dates = pledgeDatesSoFar(period, today, holidays, settings.holiday_policy, settings.start_date);
  const previousDates = pledgeDatesSoFar(period.previous, today, holidays, settings.holiday_policy, settings.start_date);
  const events = soFar(input.events ?? [], period, today);
  const previousEvents = soFar(input.previousEvents ?? [], period.previous, today);
  const reference = dates.length ? dates[dates.length - 1] : null;
  const columns = trendWeeks(reference ?? (period.to < today ? period.to : today), holidays, settings.holiday_policy);
  const trendDates = columns.flatMap((c) => (c.pledgeDate && c.pledgeDate <= today && c.pledgeDate >= settings.start_date ? [c.pledgeDate] : []));
  const shown = input.opds.filter((o) => [...dates, ...trendDates].some((d) => isActiveOn(o, d)) || expectedDatesOf({ pledgeDates: [], events }, o).length > 0);

  const rows = shown.map((opd) => {
    const weeks = weeksOf(ctx, opd, dates, events);
    const totals = input.previousTotals.get(opd.id);
    const summary: OpdSummary = {
      id: opd.id,
      code: opd.code,
      name: opd.name,
      figures: figuresOf(weeks),
      previous: previousOf(totals, expectedDatesOf({ pledgeDates: previousDates, events: previousEvents }, opd).length),
      openFlags: input.openFlags.get(opd.id) ?? 0,
      trend: trendOf(ctx, opd, columns, today, settings.start_date),
    };
    return { summary, weeks, previous: summary.previous, totals };
  });
  const ids = shown.map((o) => o.id);
  const headline = headlineOf(rows.flatMap((r) => r.weeks), sum(input.openFlags, ids));
  const previous = previousHeadline(rows, sum(input.previousOpenFlags ?? input.openFlags, ids));
  const belumLapor = reference
    ? shown.filter((o) => isActiveOn(o, reference)).flatMap((o) => belumLaporOf(ctx, o, reference, columns, settings.start_date) ?? [])
    : [];
  belumLapor.sort((a, b) => (b.overdueMs ?? -1) - (a.overdueMs ?? -1) || a.opd.code.localeCompare(b.opd.code));
  const unreported = period.kind === 'week' ? [] : rows.flatMap((r, i) => unreportedOf(shown[i], r.weeks) ?? []);
  unreported.sort((a, b) => b.overdue - a.overdue || b.dates.length - a.dates.length || a.opd.code.localeCompare(b.opd.code));

  return {
    period,
    pledgeDates: dates,
    reference,
    trendWeeks: columns,
    settingsUsed: {
      rate_amber: settings.rate_amber,
      rate_red: settings.rate_red,
      virtual_counts: settings.virtual_counts,
      deadline_days_after: settings.deadline_days_after,
      deadline_time: settings.deadline_time,
      holiday_policy: settings.holiday_policy,
    },
    generatedAt: input.now,
    headline,
    previous,
    change: {
      onTimeShare: diff(headline.onTimeShare, previous.onTimeShare),
      rate: diff(headline.rate, previous.rate),
      tk: headline.tk - previous.tk,
      openFlags: input.previousOpenFlags ? headline.openFlags - previous.openFlags : null,
    },
    opds: rows.map((r) => r.summary).sort(worstFirst),
    belumLapor,
    unreported,
  };
}
