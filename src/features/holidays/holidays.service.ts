import type { Db } from '../../db/connect';
import type { HolidayMap } from '../../lib/calendar';
import { findHolidayDatesBetween } from './holidays.repository';

/**
 * The holidays with from <= date <= to as a map for the calendar functions. Everything that
 * decides which sessions are expected reads the holiday table through this, so a holiday
 * added, moved or deleted changes the expected sessions at once.
 */
export async function loadHolidayMap(db: Db, from: string, to: string): Promise<HolidayMap> {
  const rows = await findHolidayDatesBetween(db, from, to);
  return new Map(rows.map((r) => [r.date, r.kind]));
}
