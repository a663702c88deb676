import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import { addDays, pledgeDatesBetween } from '../../lib/calendar';
import { loadHolidayMap } from '../holidays/holidays.service';
import type { Settings } from '../settings/settings.defaults';
import type { Calendar } from './schedule';

export interface RecentCalendar {
  pledgeDates: string[];
  calendar: Calendar;
}

/**
 * The pledge dates of the few weeks before an instant (in the instance zone) and the holidays
 * around them: enough for any deadline a Pemda would set, without reading the whole calendar.
 */
export async function recentCalendar(db: Db, settings: Settings, zone: string, atIso: string): Promise<RecentCalendar> {
  const day = DateTime.fromISO(atIso, { zone }).toISODate()!;
  const from = addDays(day, -21);
  const holidays = await loadHolidayMap(db, addDays(from, -7), addDays(day, 21));
  return {
    pledgeDates: pledgeDatesBetween(from, day, holidays, settings.holiday_policy),
    calendar: { rule: settings, zone, holidays },
  };
}
