import type { Db } from '../../db/connect';
import { addDays, isActiveOn, mondayOf, pledgeDatesBetween, type HolidayPolicy } from '../../lib/calendar';
import { findHolidayDatesBetween } from '../holidays/holidays.repository';
import { findAssignmentsBetween, findCltnBetween, submittedSessionKeys } from './employee-stats.repository';
import { findEventsBetween } from '../events/events.repository';
import { expectsUnit } from './expected-dates';

type Span = { employee_id: number; start_date: string; end_date: string };

const covers = (a: { start_date: string; end_date: string | null }, date: string) =>
  a.start_date <= date && (a.end_date === null || a.end_date > date);

/**
 * The weeks that break a person's TK streak (docs/DESIGN.md, "Employee flags and the ladder"):
 * pledge dates between their first and last submitted roll-call row on which they had no row
 * because their unit of that date (the assignment; transfers are history) never submitted a
 * session although one was expected. Holiday weeks are not pledge dates, a unit not yet or no
 * longer active owed nothing, and a person out of service or on CLTN would not have been on
 * the roll-call: those weeks are skipped, as is an apel logged as not held (a submitted
 * session). Dates outside a person's rows cannot change their figures, so they are not read.
 * A counted event (expected-dates.ts) the person's unit was expected at and did not log breaks
 * the streak too.
 */
export async function unloggedWeeks(db: Db, rowDates: Map<number, string[]>, policy: HolidayPolicy, eventKinds: string[] = []): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const spans = [...rowDates].filter(([, dates]) => dates.length > 1);
  if (!spans.length) return out;
  const from = spans.reduce((m, [, d]) => (d[0] < m ? d[0] : m), spans[0][1][0]);
  const to = spans.reduce((m, [, d]) => (d[d.length - 1] > m ? d[d.length - 1] : m), spans[0][1][0]);
  const ids = spans.map(([id]) => id);
  const holidays = await findHolidayDatesBetween(db, mondayOf(from), addDays(mondayOf(to), 6));
  const pledgeDates = pledgeDatesBetween(from, to, new Map(holidays.map((h) => [h.date, h.kind])), policy);
  const events = await findEventsBetween(db, from, to, eventKinds);
  const weekly = new Set(pledgeDates);
  const candidates = [...new Set([...pledgeDates, ...events.map((e) => e.date)])].sort();
  // A pledge date is owed by every unit; an event date only by the units the event expects.
  const owes = (opdId: number, date: string) => weekly.has(date) || events.some((e) => e.date === date && expectsUnit(e, opdId));
  const assignments = groupBy(await findAssignmentsBetween(db, ids, from, to));
  const cltn = groupBy<Span>(await findCltnBetween(db, ids, from, to));
  const opdIds = [...new Set([...assignments.values()].flat().map((a) => a.opd_id))];
  const submitted = await submittedSessionKeys(db, opdIds, from, to);
  for (const [id, dates] of spans) {
    const own = new Set(dates);
    const breaks = candidates.filter((date) => {
      if (date <= dates[0] || date >= dates[dates.length - 1] || own.has(date)) return false;
      const a = assignments.get(id)?.find((x) => covers(x, date));
      if (!a || !isActiveOn(a, date) || !isActiveOn({ active_from: a.opd_from, active_to: a.opd_to }, date)) return false;
      if (!owes(a.opd_id, date)) return false;
      if (cltn.get(id)?.some((c) => c.start_date <= date && c.end_date >= date)) return false;
      return !submitted.has(`${a.opd_id}|${date}`);
    });
    if (breaks.length) out.set(id, breaks);
  }
  return out;
}

function groupBy<T extends { employee_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) (out.get(r.employee_id) ?? out.set(r.employee_id, []).get(r.employee_id)!).push(r);
  return out;
}
