import type { Db } from '../../db/connect';
import { addDays, mondayOf, pledgeDateOfWeek } from '../../lib/calendar';
import { refreshEmployeeYearStats } from '../compliance/employee-stats';
import { findHolidayDatesBetween } from '../holidays/holidays.repository';
import { getSettings } from '../settings/settings.repository';
import { setSessionsCounted } from '../sessions/sessions.repository';
import { findEventSessionKeys, findPeopleOfSessions } from './events.repository';

/**
 * Keeps sessions.counted (migration 070) in step with the rule: an event's roll-call counts when
 * it is also the unit's weekly apel (a pledge date) or the event's kind is in the
 * event_kinds_counted setting. Called after that setting, the calendar or an event's kind changes; the TK
 * counts and streaks of the people on a roll-call that changed are recomputed, in the caller's
 * transaction.
 */
export async function refreshCounted(db: Db, eventIds?: number[]): Promise<number> {
  const settings = await getSettings(db);
  const rows = await findEventSessionKeys(db, eventIds);
  if (!rows.length) return 0;
  const dates = rows.map((r) => r.pledge_date).sort();
  const holidays = new Map((await findHolidayDatesBetween(db, mondayOf(dates[0]), addDays(dates[dates.length - 1], 7))).map((h) => [h.date, h.kind]));
  const change: Record<0 | 1, number[]> = { 0: [], 1: [] };
  for (const r of rows) {
    const weekly = pledgeDateOfWeek(mondayOf(r.pledge_date), holidays, settings.holiday_policy) === r.pledge_date;
    const counted = weekly || settings.event_kinds_counted.includes(r.kind) ? 1 : 0;
    if (counted !== Number(r.counted)) change[counted].push(r.id);
  }
  const changed = [...change[0], ...change[1]];
  if (!changed.length) return 0;
  await setSessionsCounted(db, change[0], 0);
  await setSessionsCounted(db, change[1], 1);
  const people = await findPeopleOfSessions(db, changed);
  const years = new Map<number, Set<number>>();
  for (const p of people) {
    const year = Number(p.pledge_date.slice(0, 4));
    (years.get(year) ?? years.set(year, new Set()).get(year)!).add(p.employee_id);
  }
  for (const [year, ids] of [...years].sort((a, b) => a[0] - b[0])) await refreshEmployeeYearStats(db, [...ids], year, settings);
  return changed.length;
}
