import type { Db } from '../../db/connect';
import { addDays, mondayOf, type HolidayMap } from '../../lib/calendar';
import { findHolidayDatesBetween } from './holidays.repository';

/**
 * The holidays with from <= date <= to as a map for the calendar functions. Everything that
 * decides which sessions are expected reads the holiday table through this, so a holiday
 * added, moved or deleted changes the expected sessions at once. The range is widened to whole
 * ISO weeks (Monday of `from` to Sunday of `to`), because under the 'next_working_day' policy a
 * week's pledge date depends on the days after its Monday.
 */
export async function loadHolidayMap(db: Db, from: string, to: string): Promise<HolidayMap> {
  const rows = await findHolidayDatesBetween(db, mondayOf(from), addDays(mondayOf(to), 6));
  return new Map(rows.map((r) => [r.date, r.kind]));
}
