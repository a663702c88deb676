import { Router } from 'express';
import type { Event } from '../../db/database';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { allow } from '../../policy';
import { eventFigures, type UnitFigures } from '../events/event-figures';
import { eventIdSchema } from '../events/events.schema';
import { getEvent, listEvents } from '../events/events.service';
import { getSettings } from '../settings/settings.repository';

/*
 * GET /events and GET /events/:id (docs/DESIGN.md, "Employees, check-in and events"): an opd
 * token sees the events that expect its unit, and only its unit's figures.
 */
function presentEvent(e: Event, counted: string[], units: string[] | null) {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    date: e.date,
    start_time: e.start_time,
    place: e.place,
    mode: e.mode,
    all_units: e.all_units === 1,
    units,
    counted: counted.includes(e.kind),
    notes: e.notes ?? null,
  };
}

function presentUnit(u: UnitFigures) {
  return {
    code: u.code,
    name: u.name,
    state: u.state,
    held: u.held,
    expected: u.expected,
    hadir: u.hadir,
    excused: u.excused,
    tk: u.tk,
    rate: u.rate,
    checked_in: u.checkedIn,
  };
}

export function eventsApi({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/events', allow('events.read'), async (req, res) => {
    const [events, settings] = await Promise.all([listEvents(db, req.user!), getSettings(db)]);
    res.json({ data: events.map((e) => presentEvent(e, settings.event_kinds_counted, null)) });
  });
  router.get('/events/:id', allow('events.read'), async (req, res) => {
    const id = eventIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const event = await getEvent(db, req.user!, id.data);
    const settings = await getSettings(db);
    const figures = await eventFigures(db, req.user!, event, settings, config.timezone);
    // The named units the token may see (an opd token: its own), as codes.
    const named = event.all_units ? null : figures.units.map((u) => u.code);
    res.json({
      ...presentEvent(event, settings.event_kinds_counted, named),
      joint: figures.joint,
      deadline: figures.deadline,
      totals: { units: figures.totals.units, logged: figures.totals.logged, expected: figures.totals.expected, hadir: figures.totals.hadir, rate: figures.totals.rate, checked_in: figures.totals.checkedIn },
      figures: figures.units.map(presentUnit),
    });
  });
  return router;
}
