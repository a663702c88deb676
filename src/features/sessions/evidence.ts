import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { CheckIn, Session } from '../../db/database';
import { findUnitCheckIns } from '../checkin/check-in.repository';
import type { Settings } from '../settings/settings.defaults';
import type { CheckInMark, ExpectedAttendee } from './expected';

/*
 * The roll-call starts from the evidence when the unit uses check-in (docs/DESIGN.md,
 * "Employees, check-in and events"): a check-in makes the row Hadir, or Terlambat when it came
 * after the start time plus the grace minutes; nobody else is pre-filled Hadir: they are "belum
 * hadir" until the operator decides. A rejected check-in is no evidence; a pending one (outside
 * the geofence, no location, one phone for two people) counts as a check-in for the roll-call,
 * shown with a warning, and is verified only once an operator accepts it.
 */

/** The roll-call value of a row nobody resolved yet: the form and rollData carry it as ''. */
export const NOT_YET = '';

/** Checked in after the start time plus grace, in the instance zone, on the pledge date. */
export function isLateCheckIn(at: string, pledgeDate: string, startTime: string, graceMinutes: number, zone: string): boolean {
  const [h, m] = startTime.split(':').map(Number);
  const limit = DateTime.fromISO(pledgeDate, { zone }).set({ hour: h, minute: m }).plus({ minutes: graceMinutes });
  return DateTime.fromISO(at, { zone: 'utc' }).toMillis() > limit.toMillis();
}

/**
 * Per employee, the earliest check-in that is not rejected (a joint apel may give a person one
 * for the unit's apel and one for the event).
 */
export function marksOf(
  checkIns: Pick<CheckIn, 'employee_id' | 'checked_in_at' | 'method' | 'review'>[],
  pledgeDate: string,
  startTime: string,
  graceMinutes: number,
  zone: string,
): Map<number, CheckInMark> {
  const out = new Map<number, CheckInMark>();
  for (const c of checkIns) {
    if (c.review === 'rejected') continue;
    const known = out.get(c.employee_id);
    if (known && known.at <= c.checked_in_at) continue;
    const status = isLateCheckIn(c.checked_in_at, pledgeDate, startTime, graceMinutes, zone) ? 'TL' : 'H';
    const time = DateTime.fromISO(c.checked_in_at, { zone: 'utc' }).setZone(zone).toFormat('HH:mm');
    out.set(c.employee_id, { at: c.checked_in_at, time, method: c.method, pending: c.review === 'pending', status });
  }
  return out;
}

export interface EvidenceTarget {
  opd: { id: number; check_in: number };
  /** The event whose roll-call this is, when it runs its own check-in. */
  event?: { checkIn: boolean } | null;
  pledgeDate: string;
  settings: Pick<Settings, 'apel_start_time' | 'check_in_grace_minutes'>;
  zone: string;
}

/**
 * The expected attendees with their check-in (`checkIn`: the mark, or null for "belum hadir")
 * when the unit uses check-in; unchanged (no `checkIn` key) when it does not. The start time is
 * the session's, else the setting's.
 */
/** The roll-call starts from the evidence: the unit's apel uses check-in, or the event this roll-call is of does. */
export function usesCheckIn(target: Pick<EvidenceTarget, 'opd' | 'event'>): boolean {
  return target.opd.check_in === 1 || !!target.event?.checkIn;
}

export async function withEvidence(db: Db, target: EvidenceTarget, session: Pick<Session, 'start_time'> | undefined, expected: ExpectedAttendee[]): Promise<ExpectedAttendee[]> {
  if (!usesCheckIn(target)) return expected;
  const start = session?.start_time ?? target.settings.apel_start_time;
  const marks = marksOf(await findUnitCheckIns(db, target.opd.id, target.pledgeDate), target.pledgeDate, start, target.settings.check_in_grace_minutes, target.zone);
  return expected.map((e) => ({ ...e, checkIn: marks.get(e.id) ?? null }));
}

/** The value a row starts from: the check-in, else the planned absence, else H; "belum hadir" under check-in. */
export function startValue(e: ExpectedAttendee): { status: string; cuti_type: string | null } {
  if (e.checkIn) return { status: e.checkIn.status, cuti_type: null };
  if (e.absence) return { status: e.absence.status, cuti_type: e.absence.cuti_type };
  return { status: e.checkIn === null ? NOT_YET : 'H', cuti_type: null };
}

/**
 * A row that says otherwise than the evidence: Hadir or Terlambat without a check-in, or a
 * checked-in person with another status. Needs a reason (the row's note) and is marked "manual".
 * Only under check-in; a planned absence without a check-in is not manual.
 */
export function isManual(e: ExpectedAttendee, status: string): boolean {
  if (e.checkIn === undefined || status === NOT_YET) return false;
  if (e.checkIn === null) return status === 'H' || status === 'TL';
  return status !== e.checkIn.status;
}
