import { Router, type Request, type Response } from 'express';
import { verifyCsrf } from '../../http/csrf';
import { AppError, NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { PAGE_SIZE, pageParam, readPage } from '../../lib/paging';
import { allow } from '../../policy';
import { sessionFormUpload } from '../sessions/photo';
import { actorOf, baseUrl, formInputOf, formVersion, renderRefusal, renderSessionPage } from '../sessions/session-page';
import { requireTarget } from '../sessions/session-target';
import { attendanceFromForm, correctionRequestSchema, decisionSchema, detailsFromForm, rejectionSchema, rollFilterSchema, rollMoveOf } from '../sessions/sessions.schema';
import { presentList, presentRequest } from './corrections.presenter';
import { countPending, listRequests } from './corrections.repository';
import { approveCorrection, loadRequestDetail, rejectCorrection, requestCorrection } from './corrections.service';

function idParam(req: Request): number {
  const id = Number(req.params.id);
  // Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
  if (!Number.isInteger(id) || id < 1 || id >= 2 ** 31) throw new NotFoundError();
  return id;
}

/** Correction requests (docs/DESIGN.md, "Sessions and the roll-call"): opd users file them from the locked session page; hr and admin decide. */
export function correctionRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const zone = config.timezone;

  router.post('/opd/:code/sessions/:date/corrections', allow('correction.request'), sessionFormUpload, verifyCsrf, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
    const version = formVersion(req.body);
    const move = rollMoveOf(req.body);
    if (move) {
      // A locked session keeps no draft: the next page is shown with what was typed carried along.
      const where = { filter: rollFilterSchema.parse(req.body), page: move.page };
      return renderSessionPage(db, req, res, target, 200, { input: formInputOf(req.body), version, ...where });
    }
    try {
      const { reason } = parse(correctionRequestSchema, req.body);
      const base = { opdId: target.opd.id, pledgeDate: target.pledgeDate, timezone: zone };
      const input = { ...base, baseVersion: version, reason, details: detailsFromForm(req.body), attendance: attendanceFromForm(req.body) };
      await requestCorrection(db, actorOf(req), input);
    } catch (err) {
      return renderRefusal(db, req, res, target, err, formInputOf(req.body), version);
    }
    flash(req, 'success', 'corrections.flash.requested');
    res.redirect(baseUrl(target));
  });

  router.use('/corrections', allow('correction.decide'));

  router.get('/corrections', async (req, res) => {
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => listRequests(db, at.size, at.offset));
    const pending = await countPending(db);
    res.render('corrections/list', { title: req.t('corrections.title'), pending, ...presentList(rows, page, req.t) });
  });

  router.get('/corrections/:id', async (req, res) => {
    await renderRequest(req, res, 200);
  });

  router.post('/corrections/:id/approve', async (req, res) => {
    const id = idParam(req);
    try {
      const { note } = parse(decisionSchema, req.body);
      await approveCorrection(db, actorOf(req), id, note, zone);
    } catch (err) {
      return renderDecisionError(req, res, err);
    }
    flash(req, 'success', 'corrections.flash.approved');
    res.redirect(`/corrections/${id}`);
  });

  router.post('/corrections/:id/reject', async (req, res) => {
    const id = idParam(req);
    try {
      const { note } = parse(rejectionSchema, req.body);
      await rejectCorrection(db, actorOf(req), id, note);
    } catch (err) {
      return renderDecisionError(req, res, err);
    }
    flash(req, 'success', 'corrections.flash.rejected');
    res.redirect(`/corrections/${id}`);
  });

  async function renderRequest(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const detail = await loadRequestDetail(db, idParam(req));
    res.status(status).render('corrections/show', { ...presentRequest(detail, req.t), ...extra });
  }

  /* A refused decision shows the request again with why: a conflict (409) or bad input (422). */
  async function renderDecisionError(req: Request, res: Response, err: unknown) {
    if (!(err instanceof AppError) || (err.status !== 409 && err.status !== 422)) throw err;
    const errors = err instanceof ValidationError ? translateErrors(req.t, err.fields) : {};
    await renderRequest(req, res, err.status, { alert: req.t(err.message, err.vars), errors, form: req.body });
  }

  return router;
}
