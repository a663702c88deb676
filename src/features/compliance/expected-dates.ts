import type { Db } from '../../db/connect';
import { isActiveOn, type ActivePeriod } from '../../lib/calendar';
import { findEventsBetween } from '../events/events.repository';
import type { Settings } from '../settings/settings.defaults';

/*
 * The one place a unit's expected dates are enumerated (docs/DESIGN.md, "Calendar" and "Employees,
 * check-in and events"): the pledge dates of the range (one per week with an apel, the same for
 * every unit) plus the dates of the events of a counted kind (the event_kinds_counted setting)
 * that expect the unit, each only while the unit is active. The dashboard, the OPD page, the
 * monthly report, the API and the streaks all take their dates from here, so they agree.
 * An event of another kind has its roll-call too, but it is reported on the event's page only.
 */
export interface CountedEvent {
  date: string;
  /** Every active unit is expected. */
  all: boolean;
  /** The expected units when not all. */
  opdIds: number[];
}

export interface ExpectedCalendar {
  pledgeDates: string[];
  events: CountedEvent[];
}

/** The counted events of [from, to] on or after the start_date setting (the day the Pemda started using Ikrar). */
export async function countedEvents(db: Db, from: string, to: string, settings: Pick<Settings, 'event_kinds_counted' | 'start_date'>): Promise<CountedEvent[]> {
  const start = settings.start_date > from ? settings.start_date : from;
  if (start > to) return [];
  return findEventsBetween(db, start, to, settings.event_kinds_counted);
}

export function expectsUnit(e: CountedEvent, opdId: number): boolean {
  return e.all || e.opdIds.includes(opdId);
}

/** A unit's expected dates from a calendar, oldest first, once each (a joint apel is one date). */
export function expectedDatesOf(cal: ExpectedCalendar, opd: ActivePeriod & { id: number }): string[] {
  const dates = new Set(cal.pledgeDates.filter((d) => isActiveOn(opd, d)));
  for (const e of cal.events) if (expectsUnit(e, opd.id) && isActiveOn(opd, e.date)) dates.add(e.date);
  return [...dates].sort();
}

/** Every date of a calendar, whichever unit owes it (for reads keyed by date). */
export function allDatesOf(cal: ExpectedCalendar): string[] {
  return [...new Set([...cal.pledgeDates, ...cal.events.map((e) => e.date)])].sort();
}
