import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import { commitStatement } from '../../db/group-commit';
import type { CheckIn, Event, Opd } from '../../db/database';
import { AppError } from '../../http/errors';
import type { CurrentEmployee } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { nowIso, nowMs } from '../../lib/clock';
import { findOpdById } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import { insertCheckIn, otherFromDevice } from './check-in.repository';
import { flagSameDevice } from './check-in-review.repository';
import { eventExpectsUnit, findEvent, findOwnCheckIn } from './check-in.queries';
import { readCheckIn, type CheckInTarget } from './check-in-token';
import { apelPoint, placeOf, type ApelPoint, type Fix } from './geofence';

/*
 * Self check-in (docs/DESIGN.md, "Employees, check-in and events"): an employee scans the
 * rotating QR of the apel or event and confirms. The employee is always the signed-in account's
 * own; the token decides what they check into, and only today, while it is fresh, for a place
 * that uses check-in and expects them.
 */

export type Refusal = 'invalid' | 'expired' | 'off' | 'not_expected' | 'outside' | 'no_location';

const STATUS: Record<Refusal, number> = { invalid: 400, expired: 410, off: 409, not_expected: 403, outside: 403, no_location: 403 };

/** Why a token or a check-in is refused; nothing was recorded. The message is checkin.refused.<reason>. */
export class CheckInRefusedError extends AppError {
  constructor(readonly reason: Refusal) {
    super(STATUS[reason], `check_in_${reason}`, `checkin.refused.${reason}`);
  }
}

/** The employee had already checked in: when, in the instance's zone. */
export class AlreadyCheckedInError extends AppError {
  constructor(readonly existing: CheckIn) {
    super(409, 'check_in_duplicate', 'checkin.refused.duplicate');
  }
}

/** What a valid token lets this employee check into today. */
export interface Occasion {
  target: CheckInTarget;
  /** The apel's date, or the event's. */
  date: string;
  opd: Opd | null;
  event: Event | null;
  employee: { id: number; nip: string; name: string; opdId: number; opdName: string };
  point: ApelPoint | null;
}

export interface CheckInContext {
  key: Buffer;
  zone: string;
}

/**
 * Reads a token for the signed-in employee: what it names, fresh (its slot or the next), for
 * today, with check-in on and the employee expected. Throws CheckInRefusedError otherwise.
 */
export async function occasionOf(db: Db, ctx: CheckInContext, employee: CurrentEmployee, token: string): Promise<Occasion> {
  const reading = readCheckIn(ctx.key, token, nowMs());
  if (!reading.ok) throw new CheckInRefusedError(reading.reason);
  const today = localToday(ctx.zone);
  const target = reading.target;
  if (target.kind === 'apel') {
    const opd = await findOpdById(db, target.opdId);
    if (!opd) throw new CheckInRefusedError('invalid');
    // A token of yesterday's apel can only be one kept past midnight.
    if (target.date !== today) throw new CheckInRefusedError('expired');
    if (opd.check_in !== 1) throw new CheckInRefusedError('off');
    if (employee.opdId !== opd.id) throw new CheckInRefusedError('not_expected');
    return { target, date: today, opd, event: null, employee: expected(employee, employee.opdId), point: apelPoint(opd.apel_lat, opd.apel_lng, opd.apel_radius_m) };
  }
  const event = await findEvent(db, target.eventId);
  if (!event) throw new CheckInRefusedError('invalid');
  if (event.date !== today) throw new CheckInRefusedError('expired');
  if (event.check_in !== 1) throw new CheckInRefusedError('off');
  if (employee.opdId === null || !(await eventExpectsUnit(db, event, employee.opdId))) throw new CheckInRefusedError('not_expected');
  return { target, date: today, opd: null, event, employee: expected(employee, employee.opdId), point: apelPoint(event.lat, event.lng, event.radius_m) };
}

/**
 * The signed-in employee (in service today: the account is read with the employee on every
 * request, src/http/auth.ts), in the unit an apel or event expects.
 */
function expected(e: CurrentEmployee, opdId: number): Occasion['employee'] {
  return { id: e.id, nip: e.nip, name: e.name, opdId, opdName: e.opdName ?? '' };
}

export function ownWhere(o: Occasion) {
  return o.event ? { eventId: o.event.id } : { opdId: o.employee.opdId, date: o.date };
}

export interface SelfCheckIn {
  userId: number;
  /** The browser's id cookie, when it sent one. */
  device: string | null;
  /** The phone's location (already validated), when it gave one. */
  fix: Fix | null;
  /**
   * Counts the attempt toward the employee's limit with the insert (on SQLite in the same
   * commit); throws to refuse, and then nothing is recorded.
   */
  countAttempt?: (trx: Db) => Promise<unknown>;
}

/**
 * Records the check-in. Outside the geofence or without a location it waits for review, or is
 * refused when the setting geofence_refuse says so; from a browser that already checked in
 * someone else to the same occasion, both wait for review ("titip absen"). A second check-in is
 * refused with the time of the first.
 *
 * Thousands arrive within minutes at 07:30, so the common case reads only what it must: the
 * unique index finds a second check-in (rare) at the insert instead of a read before every one,
 * and the settings are read only for a check-in outside the geofence (docs/BENCHMARKS.md,
 * "Check-in burst").
 */
export async function recordSelfCheckIn(db: Db, o: Occasion, input: SelfCheckIn): Promise<CheckIn> {
  const place = o.point ? placeOf(o.point, input.fix) : null;
  if (place && place !== 'inside' && (await getSettings(db)).geofence_refuse) {
    // Someone who already checked in hears that, not that they stand outside.
    await refuseSecond(db, o);
    throw new CheckInRefusedError(place === 'outside' ? 'outside' : 'no_location');
  }
  const base = { opd_id: o.employee.opdId, pledge_date: o.date, event_id: o.event?.id ?? null, employee_id: o.employee.id, device: input.device };
  const sameDevice = await otherFromDevice(db, base);
  const reason = sameDevice ? 'same_device' : place === 'outside' ? 'outside' : place === 'missing' ? 'no_location' : null;
  // Where no geofence applies the location is not kept: it is asked only to check the place.
  const where = o.point && input.fix ? { lat: input.fix.lat, lng: input.fix.lng, accuracy_m: input.fix.accuracyM } : {};
  // On SQLite the inserts that arrive together share one commit (src/db/group-commit.ts); the
  // count is a statement there too, and on PostgreSQL goes to a pool of its own.
  const result = await commitStatement(db, async (trx) => {
    await input.countAttempt?.(trx);
    return insertCheckIn(trx, {
      ...base,
      ...where,
      checked_in_at: nowIso(),
      method: 'self',
      recorded_by: input.userId,
      place,
      review: reason ? 'pending' : null,
      review_reason: reason,
    });
  });
  if (result === 'duplicate') {
    await refuseSecond(db, o);
    throw new Error('check-in refused as a duplicate but none found');
  }
  if (sameDevice) await flagSameDevice(db, result.recorded);
  return result.recorded;
}

async function refuseSecond(db: Db, o: Occasion): Promise<void> {
  const first = await findOwnCheckIn(db, o.employee.id, ownWhere(o));
  if (first) throw new AlreadyCheckedInError(first);
}

/** "07.31" in the instance's zone, as the pages write times. */
export function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('HH.mm');
}
