import { DateTime } from 'luxon';
import { addDays, deadlineDateOf, deadlineOf, mondayOf, type DeadlineRule, type HolidayMap } from '../../lib/calendar';

/*
 * When the reminder and digest jobs are due, as pure functions of the settings, the calendar and
 * "now". A time setting reads "<anchor> HH:MM" in the instance zone, where the anchor is a
 * weekday of the pledge week (MON..SUN), PLEDGE (the pledge date itself, which moves with the
 * holiday policy) or DEADLINE (the day of the reporting deadline, in working days). Defaults:
 * reminders 'MON 10:00' and 'DEADLINE 09:00', digest 'DEADLINE 13:00'.
 */
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const SLOT = /^\s*(MON|TUE|WED|THU|FRI|SAT|SUN|PLEDGE|DEADLINE)\s+([01]\d|2[0-3]):([0-5]\d)\s*$/i;

export interface Slot {
  anchor: (typeof WEEKDAYS)[number] | 'PLEDGE' | 'DEADLINE';
  hour: number;
  minute: number;
}

export function parseSlot(text: string): Slot | null {
  const m = SLOT.exec(text);
  if (!m) return null;
  return { anchor: m[1].toUpperCase() as Slot['anchor'], hour: Number(m[2]), minute: Number(m[3]) };
}

/** The settings, zone and holidays every computation below needs. */
export interface Calendar {
  rule: DeadlineRule & { apel_start_time: string };
  zone: string;
  holidays: HolidayMap;
}

function at(day: string, hour: number, minute: number, zone: string): string {
  return DateTime.fromISO(day, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO()!;
}

/** The UTC instant (ISO, milliseconds) of a slot for the session of `pledgeDate`. */
export function slotInstant(slot: Slot, pledgeDate: string, c: Calendar): string {
  let day: string;
  if (slot.anchor === 'PLEDGE') day = pledgeDate;
  else if (slot.anchor === 'DEADLINE') day = deadlineDateOf(pledgeDate, c.rule.deadline_days_after, c.holidays);
  else day = addDays(mondayOf(pledgeDate), WEEKDAYS.indexOf(slot.anchor));
  return at(day, slot.hour, slot.minute, c.zone);
}

export function deadline(pledgeDate: string, c: Calendar): string {
  return deadlineOf(pledgeDate, c.rule, c.zone, c.holidays);
}

/** The moment a session can first be reported: the apel's start on the pledge date. */
export function apelStart(pledgeDate: string, c: Calendar): string {
  const [hour, minute] = c.rule.apel_start_time.split(':').map(Number);
  return at(pledgeDate, hour, minute, c.zone);
}

export interface PlannedRun {
  plannedAt: string;
  /** Run it, or record it as skipped (a later reminder of the same week supersedes it). */
  action: 'run' | 'skip';
}

/**
 * Reminders due now. A reminder is only useful while its session is open: after the apel
 * started and before the deadline. A reminder missed while the server was down still runs at the
 * next start if the deadline has not passed; when several were missed for the same week only the
 * latest is sent and the earlier ones are recorded as skipped, so nobody gets two at once.
 */
export function dueReminders(times: string[], pledgeDates: string[], c: Calendar, nowIso: string): PlannedRun[] {
  const slots = times.map(parseSlot).filter((s): s is Slot => s !== null);
  const out: PlannedRun[] = [];
  for (const date of pledgeDates) {
    const due = deadline(date, c);
    if (nowIso >= due) continue;
    const opens = apelStart(date, c);
    const passed = [...new Set(slots.map((s) => slotInstant(s, date, c)))].filter((t) => t >= opens && t < due && t <= nowIso).sort();
    passed.forEach((plannedAt, i) => out.push({ plannedAt, action: i === passed.length - 1 ? 'run' : 'skip' }));
  }
  return out;
}

/**
 * The digest due now: the latest digest time that has passed. Older ones that never ran are not
 * worth sending any more (last week's digest replaces them), so they are left alone.
 */
export function dueDigest(time: string, pledgeDates: string[], c: Calendar, nowIso: string): string | null {
  const slot = parseSlot(time);
  if (!slot) return null;
  const passed = pledgeDates.map((d) => slotInstant(slot, d, c)).filter((t) => t <= nowIso).sort();
  return passed.length ? passed[passed.length - 1] : null;
}

/** The pledge dates whose session is open (apel started, deadline not passed) at `atIso`. */
export function openPledgeDates(pledgeDates: string[], c: Calendar, atIso: string): string[] {
  return pledgeDates.filter((d) => apelStart(d, c) <= atIso && atIso < deadline(d, c));
}

/** The week a digest at `atIso` reports on: the latest pledge date whose deadline has passed. */
export function digestPledgeDate(pledgeDates: string[], c: Calendar, atIso: string): string | null {
  const closed = pledgeDates.filter((d) => deadline(d, c) <= atIso).sort();
  return closed.length ? closed[closed.length - 1] : null;
}
