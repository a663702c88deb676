import { Router } from 'express';
import { verifyCsrf } from '../../http/csrf';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { pageParam } from '../../lib/paging';
import { allow } from '../../policy';
import { photoFile, photoProblem, removePhoto, sessionFormUpload, storePhoto, uploadedPhoto } from './photo';
import { saveSession } from './save-session';
import { refusalJson, savedJson, wantsJson } from './session-json';
import { actorOf, baseUrl, formInputOf, formVersion, renderRefusal, renderSessionPage, rollUrl } from './session-page';
import { requireTarget, resolveByCode } from './session-target';
import { attendanceFromForm, checkAction, detailsFromForm, rollFilterSchema, rollMoveOf, verdictSchema } from './sessions.schema';
import { setReasonVerdict } from './sessions.service';
import { findSession, isPhotoInUse } from './sessions.repository';

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
    // Read before the save: a successful save at this version replaced exactly this file.
    const replaced = photo ? ((await findSession(db, target.opd.id, target.pledgeDate))?.photo_path ?? null) : null;
    const submit = !move && req.body.action === 'submit';
    const restToTk = !move && req.body.action === 'rest_tk';
    let stored: { path: string; mime: string } | null = null;
    let saved;
    try {
      stored = photo ? await storePhoto(config.dataDir, photo) : null;
      checkAction(req.body);
      const details = detailsFromForm(req.body);
      const attendance = attendanceFromForm(req.body);
      const base = { opdId: target.opd.id, pledgeDate: target.pledgeDate, timezone: zone };
      saved = await saveSession(db, actorOf(req), { ...base, version, details, attendance, partial: true, onlyIfChanged: !!move, submit, restToTk, photo: stored });
    } catch (err) {
      if (stored) await removePhoto(config.dataDir, stored.path);
      if (json) return refusalJson(req, res, err);
      return renderRefusal(db, req, res, target, err, input, version, !!photo, where);
    }
    // The save is committed: a failing check here must not turn it into an error; keep the file then.
    if (replaced && !(await isPhotoInUse(db, replaced).catch(() => true))) await removePhoto(config.dataDir, replaced);
    if (json) return savedJson(req, res, saved, target.deadline);
    const wrote = (saved?.version ?? 0) !== version;
    const done = move ? 'sessions.flash.page_saved' : submit ? 'sessions.flash.submitted' : restToTk ? 'sessions.flash.rest_tk' : 'sessions.flash.saved';
    if (!move || wrote) flash(req, 'success', done);
    // Back to the same search and page of the list (a draft save keeps the operator's place).
    res.redirect(submit ? baseUrl(target) : `${rollUrl(baseUrl(target), where.filter.q, where.page)}#roll-title`);
  });

  router.get(`${PATH}/photo`, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
    const session = await findSession(db, target.opd.id, target.pledgeDate);
    if (!session?.photo_path) throw new NotFoundError();
    res.type(session.photo_mime ?? 'application/octet-stream').sendFile(photoFile(config.dataDir, session.photo_path));
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
