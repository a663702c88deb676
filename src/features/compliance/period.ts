import { DateTime } from 'luxon';
import { addDays, mondayOf, pledgeDateOfWeek, pledgeDatesBetween, type HolidayMap, type HolidayPolicy } from '../../lib/calendar';

export const PERIOD_KINDS = ['week', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Weeks shown in the heatmap, the sparklines and an OPD's history. */
export const TREND_WEEKS = 12;

export interface DateRange {
  from: string;
  to: string;
}

export interface Period extends DateRange {
  kind: PeriodKind;
  /** The date asked for, clamped to today. */
  date: string;
  year: number;
  previous: DateRange & { year: number };
}

const ISO = 'yyyy-MM-dd';

function rangeOf(kind: PeriodKind, date: string): DateRange {
  if (kind === 'week') {
    const monday = mondayOf(date);
    return { from: monday, to: addDays(monday, 6) };
  }
  const d = DateTime.fromISO(date, { zone: 'utc' });
  const unit = kind === 'month' ? 'month' : 'year';
  return { from: d.startOf(unit).toFormat(ISO), to: d.endOf(unit).toFormat(ISO) };
}

/**
 * The calendar week (Monday to Sunday), month or year that contains `date`, and the one
 * before it for the "change against the previous period". A future date means today.
 */
export function resolvePeriod(kind: PeriodKind, date: string, today: string): Period {
  const clamped = date > today ? today : date;
  const range = rangeOf(kind, clamped);
  const before = kind === 'week' ? addDays(range.from, -7) : addDays(range.from, -1);
  const previous = rangeOf(kind, before);
  return {
    kind,
    date: clamped,
    year: Number(clamped.slice(0, 4)),
    ...range,
    previous: { ...previous, year: Number(previous.from.slice(0, 4)) },
  };
}

/**
 * The pledge dates of a range that have already come (up to today), from `start` on: the day the
 * Pemda started using Ikrar (the start_date setting; empty: no bound).
 */
export function pledgeDatesSoFar(range: DateRange, today: string, holidays: HolidayMap, policy: HolidayPolicy, start = ''): string[] {
  const from = start > range.from ? start : range.from;
  const to = range.to < today ? range.to : today;
  return to < from ? [] : pledgeDatesBetween(from, to, holidays, policy);
}

export interface WeekColumn {
  monday: string;
  /** null: a holiday week without apel. */
  pledgeDate: string | null;
}

/** The TREND_WEEKS weeks ending with the week of `until`, oldest first. */
export function trendWeeks(until: string, holidays: HolidayMap, policy: HolidayPolicy, count = TREND_WEEKS): WeekColumn[] {
  const last = mondayOf(until);
  const out: WeekColumn[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const monday = addDays(last, -7 * i);
    out.push({ monday, pledgeDate: pledgeDateOfWeek(monday, holidays, policy) });
  }
  return out;
}
