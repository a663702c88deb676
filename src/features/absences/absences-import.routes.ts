import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { limitBody } from '../../http/body-limit';
import { verifyCsrf } from '../../http/csrf';
import { NotFoundError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { translateMessage } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { allow } from '../../policy';
import { MAX_LINES } from './absences.csv';
import { commitImport, ImportInvalidError, previewImport, type Checked } from './absences.import';
import { presentLineErrors, presentValidLines } from './absences.presenter';
import { idSchema } from './absences.schema';

const MAX_BYTES = 2 * 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 8 * 1024 } }).single('file');
/* A file a little over the limit gets the message on the page; a body far over it is not read. */
const bodyLimit = limitBody(MAX_BYTES + 1024 * 1024);

/** An oversize file is a message on the import page (413), not an error page. */
function receiveCsv(req: Request, res: Response, next: NextFunction) {
  upload(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
      res.locals.uploadError = 'absences.import.too_big';
      return next();
    }
    next(err);
  });
}

export function importRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const writers = allow('absences.edit');
  const today = () => localToday(config.timezone);
  const actor = (req: Request) => ({ user: req.user!, requestId: req.id });
  const render = (req: Request, res: Response, status: number, view: Partial<Checked> & { fileError?: string | null; importId?: number | null; filename?: string }) =>
    res.status(status).render('absences/import', {
      title: req.t('absences.import.title'),
      maxLines: MAX_LINES,
      fileError: view.fileError ? translateMessage(req.t, view.fileError) : null,
      errors: presentLineErrors(req.t, view.errors ?? []),
      rows: view.errors?.length ? [] : presentValidLines(view.rows ?? []),
      goodCount: view.rows?.length ?? 0,
      importId: view.importId ?? null,
      filename: view.filename,
    });

  router.get('/absences/import', writers, (req, res) => render(req, res, 200, {}));

  router.post('/absences/import', writers, bodyLimit, receiveCsv, verifyCsrf, async (req, res) => {
    if (res.locals.uploadError) return render(req, res, 413, { fileError: res.locals.uploadError });
    if (!req.file || req.file.size === 0) return render(req, res, 422, { fileError: 'absences.import.no_file' });
    const filename = req.file.originalname || 'upload.csv';
    const preview = await previewImport(db, actor(req), filename, req.file.buffer.toString('utf8'), today());
    const ok = preview.importId !== null;
    render(req, res, ok ? 200 : 422, { ...preview, filename });
  });

  router.post('/absences/import/:id/commit', writers, async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    try {
      const done = await commitImport(db, actor(req), id.data, today());
      flash(req, 'success', req.t('absences.import.done', { n: done.rows.length }));
      res.redirect('/absences');
    } catch (err) {
      if (!(err instanceof ImportInvalidError)) throw err;
      render(req, res, 422, { ...err.checked, fileError: 'absences.import.changed' });
    }
  });

  return router;
}
