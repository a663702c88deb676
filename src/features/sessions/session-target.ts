import type { Db } from '../../db/connect';
import type { Opd } from '../../db/database';
import { NotFoundError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { isRealDate } from '../../http/validate';
import { addDays, deadlineOf, isActiveOn, localToday, mondayOf, pledgeDateOfWeek, type HolidayMap } from '../../lib/calendar';
import { authorize } from '../../policy';
import { findEventForUnit } from '../events/events.repository';
import { loadHolidayMap } from '../holidays/holidays.service';
import { findOpdByCode } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import type { Settings } from '../settings/settings.defaults';
import { findHolidayName, findOpdById } from './sessions.repository';

/*
 * Which (OPD, date) pairs have a session page (docs/DESIGN.md, "Calendar" and "Stable URLs"): the OPD exists and, for an opd
 * user, is their own; the date is that week's pledge date under the holiday policy, not after
 * today in the instance zone, and inside the OPD's active period. Everything else is a 404.
 * A holiday Monday is the one exception that gets a page of its own (see `holiday`).
 * An event's date is a session date too, for the units the event expects (docs/DESIGN.md,
 * "Employees, check-in and events"): their roll-call for the event is that session. On a
 * unit's pledge date the weekly apel is held jointly in the event, automatically: the same
 * session, with the event named on it.
 */
export interface SessionEvent {
  id: number;
  title: string;
  kind: string;
  place: string;
  /** Counts toward compliance: a weekly apel (joint) or an event of a counted kind. */
  counted: boolean;
  /** The unit's weekly apel is held in the event. */
  joint: boolean;
  /** The event runs its own check-in: its roll-call starts from the evidence too. */
  checkIn: boolean;
}

export interface SessionTarget {
  opd: Opd;
  pledgeDate: string;
  settings: Settings;
  /** Holidays from the pledge week to a month after it: enough for the working-day deadline. */
  holidays: HolidayMap;
  /** The reporting deadline, ISO UTC. */
  deadline: string;
  /** The instance timezone: check-in times are compared with the start time in it. */
  zone: string;
  /** The event this session is the unit's roll-call of, if any. */
  event: SessionEvent | null;
}

export interface HolidayInfo {
  opd: Opd;
  date: string;
  name: string;
  holidayKind: string;
  /** Under 'next_working_day', where the apel moved to (if that day is not in the future). */
  movedTo: string | null;
}

export type TargetOrHoliday = ({ kind: 'session' } & SessionTarget) | ({ kind: 'holiday' } & HolidayInfo);

async function resolve(db: Db, user: CurrentUser, opd: Opd | undefined, date: string, zone: string): Promise<TargetOrHoliday> {
  if (!opd) throw new NotFoundError();
  authorize(user, 'session.read', { opdId: opd.id });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date)) throw new NotFoundError();
  if (date > localToday(zone) || !isActiveOn(opd, date)) throw new NotFoundError();
  const settings = await getSettings(db);
  const monday = mondayOf(date);
  const holidays = await loadHolidayMap(db, monday, addDays(monday, 35));
  const pledge = pledgeDateOfWeek(monday, holidays, settings.holiday_policy);
  const found = await findEventForUnit(db, date, opd.id);
  if (pledge === date || found) {
    const deadline = deadlineOf(date, settings, zone, holidays);
    const joint = pledge === date;
    const event = found
      ? { id: found.id, title: found.title, kind: found.kind, place: found.place, joint, checkIn: found.check_in === 1, counted: joint || settings.event_kinds_counted.includes(found.kind) }
      : null;
    return { kind: 'session', opd, pledgeDate: date, settings, holidays, deadline, zone, event };
  }
  if (date === monday && holidays.has(monday)) {
    const movedTo = pledge && pledge <= localToday(zone) ? pledge : null;
    const name = (await findHolidayName(db, monday)) ?? '';
    return { kind: 'holiday', opd, date, name, holidayKind: holidays.get(monday)!, movedTo };
  }
  throw new NotFoundError();
}

export async function resolveByCode(db: Db, user: CurrentUser, code: string, date: string, zone: string): Promise<TargetOrHoliday> {
  return resolve(db, user, await findOpdByCode(db, code), date, zone);
}

/** For writes and the API: a holiday has no session, so it is a 404 like any other non-pledge date. */
export async function requireTarget(db: Db, user: CurrentUser, opd: { code: string } | { id: number }, date: string, zone: string): Promise<SessionTarget> {
  const found = 'id' in opd ? await findOpdById(db, opd.id) : await findOpdByCode(db, opd.code);
  const target = await resolve(db, user, found, date, zone);
  if (target.kind !== 'session') throw new NotFoundError();
  return target;
}
