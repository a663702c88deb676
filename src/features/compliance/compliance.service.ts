import type { Db } from '../../db/connect';
import type { OpdPeriod } from '../../db/database';
import { addDays, currentPledgeDate, deadlineOf, isActiveOn, localToday, mondayOf, pledgeDateOfWeek } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { listFlags } from '../flags/flags.queries';
import { loadHolidayMap } from '../holidays/holidays.service';
import { sessionState, type StateInfo } from '../sessions/session-state';
import type { Settings } from '../settings/settings.defaults';
import { countOpenFlags, findLastSubmitted, findOpdsBetween, findSessionRows, sumSessions } from './compliance.queries';
import { allDatesOf, countedEvents } from './expected-dates';
import { pledgeDatesSoFar, resolvePeriod, TREND_WEEKS, type PeriodKind } from './period';
import { buildSummary, type ComplianceSummary } from './summary';
import type { SessionRow } from './weeks';

export type { ComplianceSummary } from './summary';

export interface SummaryOptions {
  period: PeriodKind;
  /** Any date inside the period ('YYYY-MM-DD'); a future date means today. */
  date: string;
  /** The instance timezone (config.timezone): "today" and deadlines are computed in it. */
  timezone: string;
  /** One unit only (its row, headline and belum-lapor entry). */
  opdId?: number;
}

/**
 * docs/DESIGN.md, "Compliance rules" and "Reports and exports": the compliance figures of a period, for the whole Pemda or one OPD. Reads the
 * session rollup (the period and the trend weeks row by row, the previous period summed in
 * SQL), the open-flag index, the OPD list and the holidays: a few small indexed queries, so
 * the dashboard stays fast at province scale. Thresholds and rules are the settings given,
 * applied to every week alike; `settingsUsed` says which ones.
 */
export async function complianceSummary(db: Db, settings: Settings, opts: SummaryOptions): Promise<ComplianceSummary> {
  const today = localToday(opts.timezone);
  const period = resolvePeriod(opts.period, opts.date, today);
  const end = period.to < today ? period.to : today;
  const trendFrom = addDays(mondayOf(end), -7 * (TREND_WEEKS - 1));
  const from = period.from < trendFrom ? period.from : trendFrom;
  // Deadlines count working days after the pledge date, so the holiday map reaches past the end.
  const holidays = await loadHolidayMap(db, period.previous.from < from ? period.previous.from : from, addDays(period.to, 21));
  const range = { from, to: addDays(period.to, 6) };
  const opds = await findOpdsBetween(db, { from: period.previous.from, to: range.to }, opts.opdId);
  const sessions = await findSessionRows(db, range, opts.opdId);
  const events = await countedEvents(db, period.from, period.to, settings);
  const previousEvents = await countedEvents(db, period.previous.from, period.previous.to, settings);
  const previousDates = pledgeDatesSoFar(period.previous, today, holidays, settings.holiday_policy, settings.start_date);
  const previousCalendar = { pledgeDates: previousDates, events: previousEvents.filter((e) => e.date <= today) };
  const previousTotals = await sumSessions(db, allDatesOf(previousCalendar), opts.opdId);
  const openFlags = await countOpenFlags(db, period.year, opts.opdId);
  const previousOpenFlags = period.previous.year !== period.year ? await countOpenFlags(db, period.previous.year, opts.opdId) : null;
  const summary = buildSummary({
    period,
    today,
    now: nowIso(),
    zone: opts.timezone,
    settings,
    holidays,
    opds,
    sessions,
    openFlags,
    previousOpenFlags,
    previousTotals,
    events,
    previousEvents,
  });
  // A unit missing the whole trend window: say when it last reported, however long ago.
  const capped = summary.belumLapor.filter((b) => b.capped);
  const last = await findLastSubmitted(db, capped.map((b) => b.opd.id), summary.reference ?? today);
  for (const b of capped) b.lastSubmitted = last.get(b.opd.id) ?? null;
  return summary;
}

export interface CurrentWeek {
  /** The latest pledge date that has come (this week's, or last week's in a holiday week). */
  pledgeDate: string | null;
  /** This calendar week has no apel (holiday). */
  holidayWeek: boolean;
  active: boolean;
  deadline: string | null;
  state: StateInfo | null;
  session: SessionRow | null;
  now: string;
}

/** This week's session of one OPD with its deadline and state (docs/DESIGN.md, "Reports and exports", OPD home). */
export async function currentWeek(db: Db, settings: Settings, opd: OpdPeriod, timezone: string): Promise<CurrentWeek> {
  const today = localToday(timezone);
  const holidays = await loadHolidayMap(db, addDays(today, -35), addDays(today, 21));
  const pledgeDate = currentPledgeDate(timezone, holidays, settings.holiday_policy);
  const now = nowIso();
  const holidayWeek = pledgeDateOfWeek(mondayOf(today), holidays, settings.holiday_policy) === null;
  if (!pledgeDate) return { pledgeDate, holidayWeek, active: false, deadline: null, state: null, session: null, now };
  const session = (await findSessionRows(db, { from: pledgeDate, to: pledgeDate }, opd.id))[0] ?? null;
  const deadline = deadlineOf(pledgeDate, settings, timezone, holidays);
  return { pledgeDate, holidayWeek, active: isActiveOn(opd, pledgeDate), deadline, state: sessionState(session, deadline, now), session, now };
}

export interface OpdHome {
  summary: ComplianceSummary;
  week: CurrentWeek;
  flagged: Awaited<ReturnType<typeof listFlags>>;
}

/** Everything the OPD home shows: the unit's row of the summary, this week, its flagged people. */
export async function opdHome(db: Db, settings: Settings, opd: OpdPeriod, opts: Omit<SummaryOptions, 'opdId'>): Promise<OpdHome> {
  const summary = await complianceSummary(db, settings, { ...opts, opdId: opd.id });
  const week = await currentWeek(db, settings, opd, opts.timezone);
  const flagged = await listFlags(db, { year: summary.period.year, status: 'all', units: { kind: 'units', ids: [opd.id] } }, 1, 20);
  return { summary, week, flagged };
}
