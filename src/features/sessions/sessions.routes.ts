import { Router } from 'express';
import { verifyCsrf } from '../../http/csrf';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { pageParam } from '../../lib/paging';
import { allow } from '../../policy';
import { databaseFileStore } from '../files/file-store';
import { photoProblem, photoToStore, sessionFormUpload, uploadedPhoto } from './photo';
import { saveSession } from './save-session';
import { refusalJson, savedJson, wantsJson } from './session-json';
import { actorOf, baseUrl, formInputOf, formVersion, renderRefusal, renderSessionPage, rollUrl } from './session-page';
import { requireTarget, resolveByCode } from './session-target';
import { attendanceFromForm, checkAction, detailsFromForm, rollFilterSchema, rollMoveOf, verdictSchema } from './sessions.schema';
import { setReasonVerdict } from './sessions.service';
import { findSession } from './sessions.repository';

/** The session page of docs/DESIGN.md, "Sessions and the roll-call" and "Stable URLs": `/opd/:code/sessions/:date`. */
export function sessionRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const zone = config.timezone;
  const PATH = '/opd/:code/sessions/:date';
  router.use(PATH, allow('session.read'));

  router.get(PATH, async (req, res) => {
    const target = await resolveByCode(db, req.user!, String(req.params.code), String(req.params.date), zone);
    if (target.kind === 'holiday') {
      // A holiday Monday has no session: say so (404, as for any date without one) with its name.
      return res.status(404).render('sessions/holiday', { title: target.name || req.t('sessions.holiday.title'), ...target });
    }
    const filter = rollFilterSchema.parse(req.query);
    await renderSessionPage(db, req, res, target, 200, { filter, page: pageParam(req.query.page) });
  });

  router.post(PATH, allow('session.edit'), sessionFormUpload, verifyCsrf, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
    const input = formInputOf(req.body);
    const version = formVersion(req.body);
    const move = rollMoveOf(req.body);
    const json = wantsJson(req);
    const where = { filter: rollFilterSchema.parse(req.body), page: move?.page ?? pageParam(req.body.page) };
    const photo = uploadedPhoto(req);
    const problem = photo && photoProblem(photo);
    if (problem) {
      const errors = { photo: req.t(problem) };
      if (json) return refusalJson(req, res, new ValidationError(errors));
      return renderSessionPage(db, req, res, target, 422, { input, errors, version, alert: req.t('errors.validation'), ...where });
    }
    const submit = !move && req.body.action === 'submit';
    const restToTk = !move && req.body.action === 'rest_tk';
    let saved;
    try {
      checkAction(req.body);
      const details = detailsFromForm(req.body);
      const attendance = attendanceFromForm(req.body);
      const base = { opdId: target.opd.id, pledgeDate: target.pledgeDate, timezone: zone };
      const stored = photo ? photoToStore(photo) : null;
      saved = await saveSession(db, actorOf(req), { ...base, version, details, attendance, partial: true, onlyIfChanged: !!move, submit, restToTk, photo: stored });
    } catch (err) {
      if (json) return refusalJson(req, res, err);
      return renderRefusal(db, req, res, target, err, input, version, !!photo, where);
    }
    if (json) return savedJson(req, res, saved, target.deadline);
    const wrote = (saved?.version ?? 0) !== version;
    const done = move ? 'sessions.flash.page_saved' : submit ? 'sessions.flash.submitted' : restToTk ? 'sessions.flash.rest_tk' : 'sessions.flash.saved';
    if (!move || wrote) flash(req, 'success', done);
    // Back to the same search and page of the list (a draft save keeps the operator's place).
    res.redirect(submit ? baseUrl(target) : `${rollUrl(baseUrl(target), where.filter.q, where.page)}#roll-title`);
  });

  /*
   * The photo from the file store, with a strong ETag (its SHA-256): the page links it with
   * ?v=<session version>, and a browser asking again with If-None-Match gets 304 without the
   * bytes being read. no-cache: kept only by the browser, and checked each time (README, caching).
   */
  router.get(`${PATH}/photo`, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
    const session = await findSession(db, target.opd.id, target.pledgeDate);
    const files = databaseFileStore(db);
    const info = session?.photo_file_id ? await files.info(session.photo_file_id) : undefined;
    if (!info) throw new NotFoundError();
    res.set({ ETag: `"${info.sha256}"`, 'Cache-Control': 'private, no-cache' });
    if (req.fresh) return res.status(304).end();
    const file = await files.get(info.id);
    if (!file) throw new NotFoundError();
    res.type(file.mime).set('Content-Length', String(file.size)).send(file.bytes);
  });

  router.post(`${PATH}/reason`, allow('session.judgeReason'), async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
    const { verdict } = parse(verdictSchema, req.body);
    await setReasonVerdict(db, actorOf(req), target, verdict);
    flash(req, 'success', 'sessions.flash.verdict');
    res.redirect(baseUrl(target));
  });

  return router;
}
