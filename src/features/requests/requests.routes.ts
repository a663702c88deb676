import { Router, type Request, type Response } from 'express';
import { CUTI_TYPES, REQUEST_KINDS } from '../../db/database';
import { verifyCsrf } from '../../http/csrf';
import { AppError, NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors, translateMessage } from '../../http/validate';
import { allow, isNarrowed, narrowScope, unitScope } from '../../policy';
import { findOpdByCode } from '../opds/opds.repository';
import { receivedLetter, requestFormUpload } from './letter';
import { approveRequest, rejectRequest } from './requests.decide';
import { findPendingRequests } from './requests.repository';
import { decisionSchema, idSchema, requestSchema } from './requests.schema';
import { fileRequest, readLetter } from './requests.service';

/** The most pending requests one page lists; a unit has far fewer at a time. */
const PENDING_MAX = 200;

export function requestsRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const actor = (req: Request) => ({ user: req.user!, requestId: req.id });
  const idOf = (req: Request) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };
  const renderForm = (req: Request, res: Response, status: number, body: Record<string, unknown>, errors?: object) =>
    res.status(status).render('requests/new', {
      title: req.t('requests.new_title'),
      form: body,
      kinds: REQUEST_KINDS,
      cutiTypes: CUTI_TYPES,
      errors,
    });

  router.get('/me/requests/new', allow('requests.file'), (req, res) => renderForm(req, res, 200, { kind: 'I' }));

  router.post('/me/requests', allow('requests.file'), requestFormUpload, verifyCsrf, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'kind')] ??= issue.message.includes('.') ? issue.message : 'validation.invalid';
    }
    const got = receivedLetter(req);
    if ('problem' in got) fields.letter = got.problem;
    try {
      if (!parsed.success || 'problem' in got) throw new ValidationError(fields);
      const row = await fileRequest(db, actor(req), parsed.data, got.letter, config.timezone);
      flash(req, 'success', req.t('requests.filed', { id: row.id }));
      res.redirect('/me#requests');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, body, translateErrors(req.t, err.fields));
    }
  });

  router.get('/requests', allow('requests.decide'), async (req, res) => {
    let units = unitScope(req.user!, 'requests.decide');
    const code = typeof req.query.opd === 'string' ? req.query.opd.trim().toUpperCase() : '';
    const opd = code ? await findOpdByCode(db, code) : undefined;
    if (code && !isNarrowed(units)) units = narrowScope(units, opd?.id);
    res.render('requests/pending', {
      title: req.t('requests.pending_title'),
      opd: isNarrowed(units) && opd ? opd : null,
      rows: await findPendingRequests(db, units, PENDING_MAX),
    });
  });

  router.get('/requests/:id/letter', allow('requests.read'), async (req, res) => {
    const file = await readLetter(db, req.user!, idOf(req));
    res
      .type(file.mime)
      .set({ 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' })
      .send(Buffer.from(file.data));
  });

  const decide = (approve: boolean) => async (req: Request, res: Response) => {
    const id = idOf(req);
    const back = typeof req.body?.back === 'string' && /^\/requests(\?opd=[A-Za-z0-9_-]+)?$/.test(req.body.back) ? req.body.back : '/requests';
    try {
      const { note } = parse(decisionSchema, req.body);
      if (approve) {
        const done = await approveRequest(db, config, actor(req), id, note);
        flash(req, 'success', req.t('requests.approved', { id, rows: done.updated.length }));
        if (done.skipped.length) flash(req, 'info', req.t('requests.skipped', { dates: done.skipped.join(', ') }));
      } else {
        await rejectRequest(db, config, actor(req), id, note);
        flash(req, 'success', req.t('requests.rejected', { id }));
      }
    } catch (err) {
      // A refusal for what was sent or a decision already taken: the list says why.
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      const fields = err instanceof ValidationError ? Object.values(err.fields) : [];
      flash(req, 'error', fields.length ? fields.map((m) => translateMessage(req.t, m)).join(' ') : req.t(err.message));
    }
    res.redirect(back);
  };
  router.post('/requests/:id/approve', allow('requests.decide'), decide(true));
  router.post('/requests/:id/reject', allow('requests.decide'), decide(false));

  return router;
}
