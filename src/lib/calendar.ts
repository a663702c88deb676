import { DateTime, Settings } from 'luxon';

/*
 * Pledge-day arithmetic (docs/DESIGN.md, "Calendar"). Every function takes the instance timezone or works on
 * plain 'YYYY-MM-DD' dates, so the server's own zone never leaks in. "Now" comes from Luxon,
 * which tests fix with Settings.now. Weeks are ISO weeks (Monday to Sunday), so a week can
 * straddle New Year and some years (2020, 2026) have a week 53.
 */
export type HolidayPolicy = 'skip' | 'next_working_day';

/** A date's holiday kind, for the dates that have one (see loadHolidayMap). */
export type HolidayMap = Map<string, string>;

const ISO = 'yyyy-MM-dd';
const NO_APEL = 'apel_ditiadakan';

function d(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

export function addDays(date: string, days: number): string {
  return d(date).plus({ days }).toFormat(ISO);
}

let today: { zone: string; from: number; until: number; date: string } | undefined;

/**
 * Today's date where the Pemda is, not where the server is. Every signed-in request asks, and a
 * zone conversion costs more than the rest of a small request's arithmetic, so the day is kept
 * with its bounds and only worked out again once "now" leaves them.
 */
export function localToday(zone: string): string {
  const now = Settings.now();
  if (today && today.zone === zone && now >= today.from && now < today.until) return today.date;
  const day = DateTime.fromMillis(now, { zone }).startOf('day');
  today = { zone, from: day.toMillis(), until: day.plus({ days: 1 }).toMillis(), date: day.toFormat(ISO) };
  return today.date;
}

export function mondayOf(date: string): string {
  return d(date).startOf('week').toFormat(ISO);
}

export function isMonday(date: string): boolean {
  return d(date).weekday === 1;
}

/** The ISO week of a date, e.g. 2021-01-03 is week 53 of 2020. */
export function isoWeekOf(date: string): { weekYear: number; weekNumber: number } {
  const dt = d(date);
  return { weekYear: dt.weekYear, weekNumber: dt.weekNumber };
}

/** Monday to Friday and not on the holiday calendar. "Apel ditiadakan" days are not days off. */
export function isWorkingDay(date: string, holidays: HolidayMap): boolean {
  const kind = holidays.get(date);
  return d(date).weekday <= 5 && (kind === undefined || kind === NO_APEL);
}

/**
 * The pledge date of the week starting `monday`, or null when that week has no apel.
 * A holiday Monday is skipped, or with 'next_working_day' the apel moves to the first working
 * day of that week (never into the next week: that week has its own apel). "Apel ditiadakan"
 * on the day the apel would be held cancels the week's apel under either policy.
 */
export function pledgeDateOfWeek(monday: string, holidays: HolidayMap, policy: HolidayPolicy): string | null {
  const kind = holidays.get(monday);
  if (!kind) return monday;
  if (policy === 'skip' || kind === NO_APEL) return null;
  for (let i = 1; i <= 4; i++) {
    const day = addDays(monday, i);
    const dayKind = holidays.get(day);
    if (dayKind === NO_APEL) return null;
    if (!dayKind) return day;
  }
  return null;
}

export function isPledgeDate(date: string, holidays: HolidayMap, policy: HolidayPolicy): boolean {
  return pledgeDateOfWeek(mondayOf(date), holidays, policy) === date;
}

/** Pledge dates with from <= date <= to, oldest first. */
export function pledgeDatesBetween(from: string, to: string, holidays: HolidayMap, policy: HolidayPolicy): string[] {
  const out: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const date = pledgeDateOfWeek(monday, holidays, policy);
    if (date && date >= from && date <= to) out.push(date);
  }
  return out;
}

/**
 * The latest pledge date on or before today in the instance zone (null if none in a year).
 * On Sunday that is the Monday six days earlier; on a holiday Monday whose apel moved to
 * Tuesday it is still the previous week's until Tuesday comes.
 */
export function currentPledgeDate(zone: string, holidays: HolidayMap, policy: HolidayPolicy): string | null {
  const today = localToday(zone);
  const dates = pledgeDatesBetween(addDays(today, -366), today, holidays, policy);
  return dates.length ? dates[dates.length - 1] : null;
}

/** A unit's (or person's) period of existence; active_to is the last day, inclusive. */
export interface ActivePeriod {
  active_from: string;
  active_to: string | null;
}

export function isActiveOn(period: ActivePeriod, date: string): boolean {
  return period.active_from <= date && (period.active_to === null || period.active_to >= date);
}

/**
 * The sessions expected of an OPD in a range (docs/DESIGN.md, "Calendar"): one per week with an apel, on the
 * pledge date, for the weeks in which the OPD is active on that pledge date. A unit founded
 * on a Tuesday owes its first session the next week.
 */
export function expectedSessionDates(
  opd: ActivePeriod,
  from: string,
  to: string,
  holidays: HolidayMap,
  policy: HolidayPolicy,
): string[] {
  const start = opd.active_from > from ? opd.active_from : from;
  const end = opd.active_to !== null && opd.active_to < to ? opd.active_to : to;
  if (start > end) return [];
  return pledgeDatesBetween(start, end, holidays, policy);
}

export interface DeadlineRule {
  deadline_days_after: number;
  deadline_time: string;
}

/**
 * The date the report is due: `days` WORKING days after the pledge date (0 = the pledge date).
 * Working days, not calendar days: the operator files from the office, so a deadline never
 * falls on a weekend, a national holiday or cuti bersama, when nobody could meet it. With the
 * default (1 day) a Monday apel is due on Tuesday, or on Wednesday when Tuesday is a holiday.
 * Callers should pass the holiday map; without it only weekends are skipped.
 */
export function deadlineDateOf(pledgeDate: string, days: number, holidays: HolidayMap = new Map()): string {
  let date = pledgeDate;
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) left--;
  }
  return date;
}

/** The reporting deadline of a session as a UTC ISO timestamp (default: next working day 12:00 local). */
export function deadlineOf(pledgeDate: string, rule: DeadlineRule, zone: string, holidays?: HolidayMap): string {
  const [hour, minute] = rule.deadline_time.split(':').map(Number);
  return DateTime.fromISO(deadlineDateOf(pledgeDate, rule.deadline_days_after, holidays), { zone })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toUTC()
    .toISO() as string;
}

export function isPastDeadline(
  pledgeDate: string,
  rule: DeadlineRule,
  zone: string,
  now: DateTime = DateTime.now(),
  holidays?: HolidayMap,
): boolean {
  return now.toUTC().toISO()! > deadlineOf(pledgeDate, rule, zone, holidays);
}
