import { Router, type Request, type Response } from 'express';
import { verifyCsrf } from '../../http/csrf';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { findAllOpds, findOpdById } from '../opds/opds.repository';
import { allow } from '../../policy';
import { findRecentImports } from './imports.repository';
import { fileErrorText, presentImport } from './imports.presenter';
import { commitSchema, uploadSchema } from './imports.schema';
import { commitImport, ImportRejectedError, loadImport, previewImport } from './imports.service';
import { ImportFileError } from './read-table';
import { MAX_UPLOAD_MB, receiveUpload, uploadBodyLimit } from './upload';

/** /employees/import: upload, preview, commit (admin and hr). Mounted before /employees/:nip. */
export function importRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const writers = allow('imports.run');
  const today = () => localToday(config.timezone);

  async function renderUpload(req: Request, res: Response, status: number, form: Record<string, unknown>, errors?: Record<string, string>) {
    res.status(status).render('imports/upload', {
      title: req.t('imports.title'),
      form,
      errors,
      maxMb: MAX_UPLOAD_MB,
      opds: (await findAllOpds(db)).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` })),
      recent: await findRecentImports(db, req.user!.id),
    });
  }

  async function renderPreview(req: Request, res: Response, id: number, status = 200) {
    const imp = await loadImport(db, id, req.user!.id);
    res.status(status).render('imports/preview', { title: req.t('imports.preview.title'), imp: presentImport(req.t, imp, await findAllOpds(db)) });
  }

  router.get('/employees/import', writers, (req, res) => renderUpload(req, res, 200, { effective_date: today() }));

  router.post('/employees/import', writers, uploadBodyLimit, receiveUpload, async (req, res, next) => {
    const error = res.locals.uploadError as string | undefined;
    if (error) return renderUpload(req, res, error === 'imports.errors.too_large' ? 413 : 422, typed(req.body), { file: req.t(error, { n: MAX_UPLOAD_MB }) });
    verifyCsrf(req, res, next);
  }, async (req, res) => {
    try {
      const o = parse(uploadSchema, req.body);
      if (o.scope_opd !== null && !(await findOpdById(db, o.scope_opd))) throw new ValidationError({ scope_opd: 'validation.invalid_choice' });
      if (!req.file) throw new ValidationError({ file: 'imports.errors.no_file' });
      const id = await previewImport(db, req.user!.id, req.file, { effectiveDate: o.effective_date, scopeOpdId: o.scope_opd, today: today() });
      res.redirect(`/employees/import/${id}`);
    } catch (err) {
      if (err instanceof ImportFileError) return renderUpload(req, res, 422, typed(req.body), { file: fileErrorText(req.t, err.message, err.vars) });
      if (!(err instanceof ValidationError)) throw err;
      await renderUpload(req, res, 422, typed(req.body), translateErrors(req.t, err.fields));
    }
  });

  router.get('/employees/import/:id', writers, (req, res) => renderPreview(req, res, idParam(req.params.id)));

  router.post('/employees/import/:id/commit', writers, async (req, res) => {
    const id = idParam(req.params.id);
    const { deactivate_absent } = parse(commitSchema, req.body);
    try {
      const counts = await commitImport(db, { user: req.user!, requestId: req.id }, id, deactivate_absent === 1, today());
      flash(req, 'success', req.t('imports.flash.committed', counts));
      res.redirect(`/employees/import/${id}`);
    } catch (err) {
      if (!(err instanceof ImportRejectedError)) throw err;
      res.locals.commitError = req.t(err.message);
      await renderPreview(req, res, id, 422);
    }
  });

  return router;
}

/** The fields as typed, strings only: multer nests `field[x]` into an object Handlebars cannot print (a 500). */
function typed(body: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function idParam(v: unknown): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : 0;
}
