import { DateTime } from 'luxon';

/*
 * Pledge-day arithmetic (DESIGN §3). Every function takes the instance timezone or works on
 * plain 'YYYY-MM-DD' dates, so the server's own zone never leaks in. "Now" comes from Luxon,
 * which tests fix with Settings.now.
 */
export type HolidayPolicy = 'skip' | 'next_working_day';

/** A date's holiday kind, for the dates that have one. */
export type HolidayMap = Map<string, string>;

const ISO = 'yyyy-MM-dd';

function d(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

export function addDays(date: string, days: number): string {
  return d(date).plus({ days }).toFormat(ISO);
}

/** Today's date where the Pemda is, not where the server is. */
export function localToday(zone: string): string {
  return DateTime.now().setZone(zone).toFormat(ISO);
}

export function mondayOf(date: string): string {
  return d(date).startOf('week').toFormat(ISO);
}

export function isMonday(date: string): boolean {
  return d(date).weekday === 1;
}

function isWorkingDay(date: string, holidays: HolidayMap): boolean {
  return d(date).weekday <= 5 && !holidays.has(date);
}

/**
 * The pledge date of the week starting `monday`, or null when that week has no apel:
 * a holiday Monday is skipped, or with 'next_working_day' the apel moves to the first
 * working day of that week. "Apel ditiadakan" cancels the week's apel under either policy.
 */
export function pledgeDateOfWeek(monday: string, holidays: HolidayMap, policy: HolidayPolicy): string | null {
  const kind = holidays.get(monday);
  if (!kind) return monday;
  if (policy === 'skip' || kind === 'apel_ditiadakan') return null;
  for (let i = 1; i <= 4; i++) {
    const day = addDays(monday, i);
    if (isWorkingDay(day, holidays)) return day;
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

/** The latest pledge date on or before today in the instance zone (null if none in a year). */
export function currentPledgeDate(zone: string, holidays: HolidayMap, policy: HolidayPolicy): string | null {
  const today = localToday(zone);
  const dates = pledgeDatesBetween(addDays(today, -366), today, holidays, policy);
  return dates.length ? dates[dates.length - 1] : null;
}

export interface DeadlineRule {
  deadline_days_after: number;
  deadline_time: string;
}

/** The reporting deadline of a session as a UTC ISO timestamp (default: next day 12:00 local). */
export function deadlineOf(pledgeDate: string, rule: DeadlineRule, zone: string): string {
  const [hour, minute] = rule.deadline_time.split(':').map(Number);
  return DateTime.fromISO(pledgeDate, { zone })
    .plus({ days: rule.deadline_days_after })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toUTC()
    .toISO() as string;
}

export function isPastDeadline(pledgeDate: string, rule: DeadlineRule, zone: string, now = DateTime.now()): boolean {
  return now.toUTC().toISO()! > deadlineOf(pledgeDate, rule, zone);
}
