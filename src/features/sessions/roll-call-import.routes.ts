import { Router } from 'express';
import multer from 'multer';
import { bounded } from '../../http/body-limit';
import { verifyCsrf } from '../../http/csrf';
import type { AppDeps } from '../../http/types';
import { firstProblems } from '../../lib/problems';
import { allow } from '../../policy';
import { checkRollCallImport } from './roll-call-import';
import { renderSessionPage } from './session-page';
import { requireTarget } from './session-target';

const MAX_BYTES = 2 * 1024 * 1024;
const csvUpload = bounded(
  MAX_BYTES + 64 * 1024,
  multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_BYTES, files: 1, fields: 10, parts: 11, fieldSize: 8 * 1024 } }).single('file'),
);

/**
 * `/opd/:code/sessions/:date/import`: a good file is not saved but filled into the session form
 * for review (200), so the operator sees the result and saves or submits it through the normal,
 * version-checked path. A bad file is refused as a whole (422) with every bad line listed.
 */
export function rollCallImportRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const PATH = '/opd/:code/sessions/:date/import';
  router.use(PATH, allow('session.edit'));

  router.get(PATH, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), config.timezone);
    res.render('sessions/import', { title: req.t('sessions.import.title'), opd: target.opd, pledgeDate: target.pledgeDate });
  });

  router.post(PATH, csvUpload, verifyCsrf, async (req, res) => {
    const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), config.timezone);
    const view = { title: req.t('sessions.import.title'), opd: target.opd, pledgeDate: target.pledgeDate };
    if (!req.file?.size) return res.status(422).render('sessions/import', { ...view, fileError: req.t('sessions.import.errors.no_file') });
    const result = await checkRollCallImport(db, target, req.file.buffer.toString('utf8'));
    if (!result.ok) {
      const { shown, more } = firstProblems(result.errors);
      const errors = shown.map((e) => ({ line: e.line, message: req.t(e.key, { value: e.value }) }));
      return res.status(422).render('sessions/import', { ...view, errors, moreErrors: more, fileError: result.fileError && req.t(result.fileError, result.fileVars) });
    }
    const statuses = new Map(result.rows.map((r) => [r.employeeId, r.value]));
    const notes = new Map(result.rows.filter((r) => r.note).map((r) => [r.employeeId, r.note]));
    const notice = req.t('sessions.import.review', { n: result.rows.length });
    await renderSessionPage(db, req, res, target, 200, { input: { statuses, notes }, notice });
  });

  return router;
}
