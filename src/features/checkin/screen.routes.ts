import { Router, type Request, type Response } from 'express';
import type { Event, Opd } from '../../db/database';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { addDays, currentPledgeDate, localToday } from '../../lib/calendar';
import { allow, authorize, can } from '../../policy';
import { loadHolidayMap } from '../holidays/holidays.service';
import { findOpdByCode } from '../opds/opds.repository';
import { requireTarget } from '../sessions/session-target';
import { getSettings } from '../settings/settings.repository';
import { countCheckIns, findEvent } from './check-in.queries';
import { frameOf, originOf, refreshSeconds } from './check-in-screen';
import { checkInKey, type CheckInTarget } from './check-in-token';

type Screen =
  | { kind: 'open'; target: CheckInTarget; title: string; count: () => Promise<number>; listUrl: string | null; backUrl: string }
  | { kind: 'closed'; title: string; message: string; hint: string | null; hintUrl: string | null; backUrl: string };

/**
 * The check-in screen (docs/DESIGN.md, "Stable URLs"): a rotating QR for today's apel of a unit
 * that uses check-in, or for today's event, shown big on a projector or tablet. It refreshes
 * without script (meta refresh at the next slot); with script, /now gives the next QR to swap in.
 */
export function screenRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const key = checkInKey(config.sessionSecret);
  const zone = config.timezone;
  const APEL = '/opd/:code/sessions/:date/qr';
  const EVENT = '/events/:id/qr';

  async function apelScreen(req: Request): Promise<Screen> {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'checkin.screen', { opdId: opd.id });
    const target = await requireTarget(db, req.user!, { id: opd.id }, String(req.params.date), zone);
    const date = target.pledgeDate;
    const backUrl = `/opd/${encodeURIComponent(opd.code)}/sessions/${date}`;
    const listUrl = `${backUrl}/check-ins`;
    const title = req.t('checkin.screen.title', { unit: opd.name });
    const today = localToday(zone);
    if (date !== today) return { kind: 'closed', title: req.t('checkin.screen.not_today_title'), message: req.t('checkin.screen.not_today', { date, today }), hint: req.t('checkin.screen.list'), hintUrl: listUrl, backUrl };
    if (opd.check_in !== 1) return offScreen(req, opd, backUrl);
    return { kind: 'open', target: { kind: 'apel', opdId: opd.id, date }, title, count: () => countCheckIns(db, { opdId: opd.id, date }), listUrl, backUrl };
  }

  function offScreen(req: Request, opd: Opd, backUrl: string): Screen {
    const editable = can(req.user!, 'opds.edit', { opdId: opd.id });
    return {
      kind: 'closed',
      title: req.t('checkin.screen.off_title'),
      message: req.t('checkin.screen.off', { unit: opd.name }),
      hint: req.t(editable ? 'checkin.screen.turn_on' : 'checkin.screen.ask'),
      hintUrl: editable ? `/opds/${encodeURIComponent(opd.code)}/edit` : null,
      backUrl,
    };
  }

  async function eventScreen(req: Request): Promise<Screen> {
    const event = await eventOf(req);
    const backUrl = '/';
    const listUrl = `/events/${event.id}/check-ins`;
    const today = localToday(zone);
    if (event.date !== today) return { kind: 'closed', title: req.t('checkin.screen.not_today_title'), message: req.t('checkin.screen.not_today', { date: event.date, today }), hint: req.t('checkin.screen.list'), hintUrl: listUrl, backUrl };
    if (event.check_in !== 1) return { kind: 'closed', title: req.t('checkin.screen.off_title'), message: req.t('checkin.screen.event_off'), hint: null, hintUrl: null, backUrl };
    const title = req.t('checkin.screen.event_title', { title: event.title });
    return { kind: 'open', target: { kind: 'event', eventId: event.id }, title, count: () => countCheckIns(db, { eventId: event.id }), listUrl, backUrl };
  }

  async function eventOf(req: Request): Promise<Event> {
    const id = String(req.params.id);
    const event = /^[1-9]\d{0,8}$/.test(id) ? await findEvent(db, Number(id)) : undefined;
    if (!event) throw new NotFoundError();
    authorize(req.user!, 'checkin.event');
    return event;
  }

  async function show(req: Request, res: Response, screen: Screen) {
    if (screen.kind === 'closed') return res.render('checkin/closed', screen);
    const frame = await frameOf(key, screen.target, originOf(req, config));
    const count = await screen.count();
    res.render('checkin/screen', {
      layout: false,
      ...screen,
      frame,
      refresh: refreshSeconds(frame),
      nowUrl: `${req.path}/now`,
      countText: req.t('checkin.screen.count', { n: count }),
    });
  }

  async function next(req: Request, res: Response, screen: Screen) {
    if (screen.kind === 'closed') return res.status(409).json({ error: { code: 'closed', message: screen.message } });
    const frame = await frameOf(key, screen.target, originOf(req, config));
    res.json({ ...frame, countText: req.t('checkin.screen.count', { n: await screen.count() }) });
  }

  // The menu's entry: this week's apel screen (which says so when the apel is not today).
  router.get('/opd/:code/check-in', allow('checkin.screen'), async (req, res) => {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'checkin.screen', { opdId: opd.id });
    const settings = await getSettings(db);
    const today = localToday(zone);
    const date = currentPledgeDate(zone, await loadHolidayMap(db, addDays(today, -366), today), settings.holiday_policy);
    if (!date) throw new NotFoundError();
    res.redirect(`/opd/${encodeURIComponent(opd.code)}/sessions/${date}/qr`);
  });
  router.get(APEL, allow('checkin.screen'), async (req, res) => show(req, res, await apelScreen(req)));
  router.get(`${APEL}/now`, allow('checkin.screen'), async (req, res) => next(req, res, await apelScreen(req)));
  router.get(EVENT, allow('checkin.event'), async (req, res) => show(req, res, await eventScreen(req)));
  router.get(`${EVENT}/now`, allow('checkin.event'), async (req, res) => next(req, res, await eventScreen(req)));
  return router;
}
