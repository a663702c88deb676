import type { Holiday } from '../../db/database';
import { isMonday, mondayOf, pledgeDateOfWeek, type HolidayMap, type HolidayPolicy } from '../../lib/calendar';

export interface HolidayRow {
  id: number;
  date: string;
  name: string;
  kind: string;
  source: string | null;
  needsReview: boolean;
  /** What the day does to its week's apel under the current policy, when anything. */
  effect: { key: 'holidays.effect.no_apel' } | { key: 'holidays.effect.moved'; date: string } | null;
}

/*
 * A Monday holiday (or an "apel ditiadakan" day) is where the calendar meets the sessions:
 * the list says what it does to that week's apel, computed by the same function that decides
 * the expected sessions.
 */
function effectOf(h: Holiday, map: HolidayMap, policy: HolidayPolicy): HolidayRow['effect'] {
  if (!isMonday(h.date) && h.kind !== 'apel_ditiadakan') return null;
  const monday = mondayOf(h.date);
  const pledge = pledgeDateOfWeek(monday, map, policy);
  if (pledge === null) return { key: 'holidays.effect.no_apel' };
  if (pledge !== monday && isMonday(h.date)) return { key: 'holidays.effect.moved', date: pledge };
  return null;
}

export function presentHolidays(rows: Holiday[], map: HolidayMap, policy: HolidayPolicy): HolidayRow[] {
  return rows.map((h) => ({
    id: h.id,
    date: h.date,
    name: h.name,
    kind: h.kind,
    source: h.source,
    needsReview: h.needs_review === 1,
    effect: effectOf(h, map, policy),
  }));
}

/** Form values as the template wants them, from a row or from what the user typed. */
export function holidayForm(values: Partial<Record<'date' | 'name' | 'kind' | 'source' | 'needs_review', unknown>>) {
  const date = String(values.date ?? '');
  return {
    date,
    year: /^\d{4}/.test(date) ? date.slice(0, 4) : '',
    name: String(values.name ?? ''),
    kind: String(values.kind ?? 'libur_nasional'),
    source: String(values.source ?? ''),
    needs_review: values.needs_review === 1 || values.needs_review === '1' || values.needs_review === 'on',
  };
}
