import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { allow, authorize } from '../../policy';
import { findOpdByCode } from '../opds/opds.repository';
import { requireTarget } from '../sessions/session-target';
import { presentCheckIns } from './check-in.presenter';
import { findCheckInList, findEvent } from './check-in.queries';
import { reviewCheckIn } from './check-in-review.service';

const decisionSchema = z.object({ decision: z.enum(['accept', 'reject']) });
const ID = /^[1-9]\d{0,8}$/;

type List = {
  title: string;
  where: { eventId: number } | { opdId: number; date: string };
  url: string;
  backUrl: string;
  screenUrl: string;
  date: string;
  belongs: (c: { opd_id: number; pledge_date: string; event_id: number | null }) => boolean;
};

/**
 * The operator's check-in list (docs/DESIGN.md, "Employees, check-in and events"): who checked
 * in to a unit's apel (any of its session dates) or to an event, how and where, and the pending
 * ones to accept or reject.
 */
export function reviewRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const zone = config.timezone;
  const APEL = '/opd/:code/sessions/:date/check-ins';
  const EVENT = '/events/:id/check-ins';

  async function apelList(req: Request): Promise<List> {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'checkin.review', { opdId: opd.id });
    const target = await requireTarget(db, req.user!, { id: opd.id }, String(req.params.date), zone);
    const date = target.pledgeDate;
    const backUrl = `/opd/${encodeURIComponent(opd.code)}/sessions/${date}`;
    const where = { opdId: opd.id, date };
    const belongs = (c: { opd_id: number; pledge_date: string; event_id: number | null }) => c.event_id === null && c.opd_id === opd.id && c.pledge_date === date;
    return { title: req.t('checkin.review.title', { unit: opd.name }), where, url: `${backUrl}/check-ins`, backUrl, screenUrl: `${backUrl}/qr`, date, belongs };
  }

  async function eventList(req: Request): Promise<List> {
    const id = String(req.params.id);
    const event = ID.test(id) ? await findEvent(db, Number(id)) : undefined;
    if (!event) throw new NotFoundError();
    authorize(req.user!, 'checkin.event');
    const url = `/events/${event.id}/check-ins`;
    const belongs = (c: { event_id: number | null }) => c.event_id === event.id;
    return { title: req.t('checkin.review.event_title', { title: event.title }), where: { eventId: event.id }, url, backUrl: '/', screenUrl: `/events/${event.id}/qr`, date: event.date, belongs };
  }

  async function show(req: Request, res: Response, list: List) {
    const rows = presentCheckIns(await findCheckInList(db, list.where), req.t, zone);
    const pending = rows.filter((r) => r.pending).length;
    res.render('checkin/list', { ...list, rows, summary: req.t('checkin.review.summary', { n: rows.length, pending }) });
  }

  async function decide(req: Request, res: Response, list: List) {
    const id = String(req.params.checkInId);
    if (!ID.test(id)) throw new NotFoundError();
    const { decision } = parse(decisionSchema, req.body ?? {});
    await reviewCheckIn(db, { user: req.user!, requestId: req.id }, Number(id), decision, list.belongs);
    const row = (await findCheckInList(db, list.where)).find((r) => r.id === Number(id));
    flash(req, 'success', req.t(decision === 'accept' ? 'checkin.review.accepted' : 'checkin.review.rejected', { name: row?.name ?? '' }));
    res.redirect(303, list.url);
  }

  router.get(APEL, allow('checkin.review'), async (req, res) => show(req, res, await apelList(req)));
  router.post(`${APEL}/:checkInId`, allow('checkin.review'), async (req, res) => decide(req, res, await apelList(req)));
  router.get(EVENT, allow('checkin.event'), async (req, res) => show(req, res, await eventList(req)));
  router.post(`${EVENT}/:checkInId`, allow('checkin.event'), async (req, res) => decide(req, res, await eventList(req)));
  return router;
}
