import type { Db } from '../../db/connect';
import type { CurrentUser } from '../../http/types';
import { addDays, deadlineOf, isActiveOn, mondayOf, pledgeDateOfWeek } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { unitScope } from '../../policy';
import { loadHolidayMap } from '../holidays/holidays.service';
import { sessionState, type SessionState } from '../sessions/session-state';
import type { Settings } from '../settings/settings.defaults';
import { findEventCheckIns } from '../checkin/check-in.repository';
import { findEventSessions, findUnits } from './events.repository';
import type { EventWithUnits } from './events.service';

/*
 * An event's figures per expected unit (docs/DESIGN.md, "Employees, check-in and events"): each
 * unit's roll-call is its session on the event's date, so the figures are that session's rollup;
 * the totals pool the rows (compliant over expected minus excused), as every rate does.
 */
export interface UnitFigures {
  id: number;
  code: string;
  name: string;
  /** null until the unit logs its roll-call. */
  expected: number | null;
  hadir: number | null;
  excused: number | null;
  tk: number | null;
  rate: number | null;
  checkedIn: number;
  state: SessionState;
  overdue: boolean;
  held: boolean | null;
}

export interface EventFigures {
  units: UnitFigures[];
  /** Counts toward compliance (the kind is in event_kinds_counted). */
  counted: boolean;
  /** The event falls on a pledge date: the weekly apel of the expected units is held in it. */
  joint: boolean;
  deadline: string;
  totals: { expected: number; hadir: number; rate: number | null; checkedIn: number; logged: number; units: number };
}

export async function eventFigures(db: Db, user: CurrentUser, event: EventWithUnits, settings: Settings, zone: string): Promise<EventFigures> {
  const scope = unitScope(user, 'events.read');
  const units = (await findUnits(db)).filter(
    (u) => isActiveOn(u, event.date) && (event.all_units === 1 || event.unitIds.includes(u.id)) && (scope.kind === 'all' || scope.ids.includes(u.id)),
  );
  const sessions = new Map((await findEventSessions(db, event.id)).map((s) => [s.opd_id, s]));
  const checkIns = new Map<number, number>();
  // A check-in an operator rejected is no evidence of presence.
  for (const c of await findEventCheckIns(db, event.id)) if (c.review !== 'rejected') checkIns.set(c.opd_id, (checkIns.get(c.opd_id) ?? 0) + 1);
  const holidays = await loadHolidayMap(db, mondayOf(event.date), addDays(event.date, 35));
  const deadline = deadlineOf(event.date, settings, zone, holidays);
  const now = nowIso();
  const rows: UnitFigures[] = units.map((u) => {
    const s = sessions.get(u.id);
    const info = sessionState(s, deadline, now);
    const logged = !!s && s.held === 1;
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      expected: logged ? Number(s.expected_count) : null,
      hadir: logged ? Number(s.compliant_count) : null,
      excused: logged ? Number(s.excused_count) : null,
      tk: logged ? Number(s.count_tk) : null,
      rate: logged && s.rate != null ? Number(s.rate) : null,
      checkedIn: checkIns.get(u.id) ?? 0,
      state: info.state,
      overdue: info.overdue,
      held: s ? s.held === 1 : null,
    };
  });
  const joint = pledgeDateOfWeek(mondayOf(event.date), holidays, settings.holiday_policy) === event.date;
  const sum = (f: (r: UnitFigures) => number | null) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  const denominator = sum((r) => r.expected) - sum((r) => r.excused);
  return {
    units: rows,
    counted: settings.event_kinds_counted.includes(event.kind),
    joint,
    deadline,
    totals: {
      expected: sum((r) => r.expected),
      hadir: sum((r) => r.hadir),
      rate: denominator > 0 ? sum((r) => r.hadir) / denominator : null,
      checkedIn: sum((r) => r.checkedIn),
      logged: rows.filter((r) => r.state !== 'belum_diisi' && r.state !== 'draf').length,
      units: rows.length,
    },
  };
}
