import { stringify } from 'csv-stringify/sync';
import { Router, type Request, type Response } from 'express';
import type { Event } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { isActiveOn, localToday } from '../../lib/calendar';
import { allow, can } from '../../policy';
import { getSettings } from '../settings/settings.repository';
import { eventFigures } from './event-figures';
import { eventForm, eventRow, formChoices, formOfEvent, pointOf, unitRecords } from './events.presenter';
import { findUnits } from './events.repository';
import { eventIdSchema, eventSchema } from './events.schema';
import { createEvent, getEvent, listEvents, updateEvent } from './events.service';

/** Events besides the weekly apel (docs/DESIGN.md, "Employees, check-in and events"): /events. */
export function eventRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.use('/events', allow('events.read'));
  const actor = (req: Request) => ({ user: req.user!, requestId: req.id });
  const idOf = (req: Request) => {
    const result = eventIdSchema.safeParse(req.params.id);
    if (!result.success) throw new NotFoundError();
    return result.data;
  };
  const renderForm = async (req: Request, res: Response, status: number, values: Record<string, unknown>, id?: number, errors?: object) => {
    const form = eventForm(values);
    // Units that exist on the event's date (any unit while no valid date is typed).
    const date = typeof form.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(form.date) ? form.date : null;
    const units = (await findUnits(db)).filter((u) => !date || isActiveOn(u, date));
    res.status(status).render('events/form', {
      title: req.t(id ? 'events.edit_title' : 'events.new_title'),
      id,
      form,
      errors,
      hasErrors: !!errors,
      ...formChoices(req.t, form, units),
    });
  };

  /** The QR screen and the card scanner (src/features/checkin) exist on the event's day, with check-in on. */
  const checkInLinks = (req: Request, event: Event) => {
    const open = event.check_in === 1 && event.date === localToday(config.timezone);
    return {
      screenUrl: open && can(req.user!, 'checkin.event') ? `/events/${event.id}/qr` : null,
      scanUrl: open && can(req.user!, 'checkin.eventScan') ? `/events/${event.id}/scan` : null,
    };
  };

  router.get('/events', async (req, res) => {
    const [events, settings] = await Promise.all([listEvents(db, req.user!), getSettings(db)]);
    res.render('events/list', {
      title: req.t('events.title'),
      events: events.map((e) => eventRow(req.t, e, settings.event_kinds_counted)),
      canEdit: can(req.user!, 'events.edit'),
    });
  });

  router.get('/events/new', allow('events.edit'), async (req, res) => {
    const settings = await getSettings(db);
    await renderForm(req, res, 200, { kind: 'apel_gabungan', mode: 'gabungan', expected: 'all', start_time: settings.apel_start_time, check_in: '1' });
  });

  router.post('/events', allow('events.edit'), async (req, res) => {
    try {
      const event = await createEvent(db, actor(req), parse(eventSchema, req.body));
      flash(req, 'success', 'events.created');
      res.redirect(`/events/${event.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, undefined, translateErrors(req.t, err.fields));
    }
  });

  router.get('/events/:id', async (req, res) => {
    const event = await getEvent(db, req.user!, idOf(req));
    const settings = await getSettings(db);
    const figures = await eventFigures(db, req.user!, event, settings, config.timezone);
    res.render('events/show', {
      title: event.title,
      event: eventRow(req.t, event, settings.event_kinds_counted),
      modeLabel: req.t(`sessions.modes.${event.mode}`),
      point: pointOf(event),
      figures,
      canEdit: can(req.user!, 'events.edit'),
      ...checkInLinks(req, event),
    });
  });

  router.get('/events/:id/units.csv', async (req, res) => {
    const event = await getEvent(db, req.user!, idOf(req));
    const settings = await getSettings(db);
    const figures = await eventFigures(db, req.user!, event, settings, config.timezone);
    const separator = settings.csv_separator === ',' ? ',' : ';';
    res.attachment(`acara-${event.id}-${event.date}.csv`).set({ 'Content-Type': 'text/csv; charset=utf-8' });
    res.send(stringify(unitRecords(req.t, figures), { delimiter: separator, bom: true, record_delimiter: 'windows' }));
  });

  router.get('/events/:id/edit', allow('events.edit'), async (req, res) => {
    const event = await getEvent(db, req.user!, idOf(req));
    await renderForm(req, res, 200, formOfEvent(event), event.id);
  });

  router.post('/events/:id', allow('events.edit'), async (req, res) => {
    const id = idOf(req);
    await getEvent(db, req.user!, id);
    try {
      await updateEvent(db, actor(req), id, parse(eventSchema, req.body));
      flash(req, 'success', 'events.updated');
      res.redirect(`/events/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, id, translateErrors(req.t, err.fields));
    }
  });

  return router;
}
