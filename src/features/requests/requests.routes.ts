import { Router, type Request, type Response } from 'express';
import { CUTI_TYPES, REQUEST_KINDS } from '../../db/database';
import { verifyCsrf } from '../../http/csrf';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { fieldErrors, parse, translateErrors, translateMessage } from '../../http/validate';
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
    // Only plain text goes back into the form: `kind[x]=1` arrives from multer as an object.
    const shown = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string'));
    const got = receivedLetter(req);
    try {
      // Every field's message at once: the dates and the letter are told together.
      const parsed = requestSchema.safeParse(body);
      const fields = parsed.success ? {} : fieldErrors(parsed.error);
      if ('problem' in got) fields.letter = got.problem;
      if (!parsed.success || 'problem' in got) throw new ValidationError(fields);
      const row = await fileRequest(db, actor(req), parsed.data, got.letter, config.timezone);
      flash(req, 'success', req.t('requests.filed', { id: row.id }));
      res.redirect('/me#requests');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, shown, translateErrors(req.t, err.fields));
    }
  });

  /** The pending requests of the units in the user's scope, or of the one unit asked for. */
  const renderPending = async (req: Request, res: Response, status: number, code: string, error?: string) => {
    let units = unitScope(req.user!, 'requests.decide');
    const opd = code ? await findOpdByCode(db, code) : undefined;
    if (code && !isNarrowed(units)) units = narrowScope(units, opd?.id);
    res.status(status).render('requests/pending', {
      title: req.t('requests.pending_title'),
      opd: isNarrowed(units) && opd ? opd : null,
      rows: await findPendingRequests(db, units, PENDING_MAX),
      error,
    });
  };
  const codeOf = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9_-]{1,20}$/.test(v.trim()) ? v.trim().toUpperCase() : '');

  router.get('/requests', allow('requests.decide'), (req, res) => renderPending(req, res, 200, codeOf(req.query.opd)));

  router.get('/requests/:id/letter', allow('requests.read'), async (req, res) => {
    const file = await readLetter(db, req.user!, idOf(req));
    res
      .type(file.mime)
      .set({ 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' })
      .send(Buffer.from(file.data));
  });

  /*
   * A decision goes back to the list it was taken on. A refusal (a rejection without a note, an
   * overlap found at approval, a request already decided) shows that list again with the
   * message, and nothing has changed.
   */
  const decide = (approve: boolean) => async (req: Request, res: Response) => {
    const id = idOf(req);
    const code = codeOf(req.body?.opd);
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
      res.redirect(code ? `/requests?opd=${encodeURIComponent(code)}` : '/requests');
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const messages = err instanceof ValidationError && Object.keys(err.fields).length ? Object.values(err.fields) : [err.message];
      await renderPending(req, res, err.status, code, messages.map((m) => translateMessage(req.t, m)).join(' '));
    }
  };
  router.post('/requests/:id/approve', allow('requests.decide'), decide(true));
  router.post('/requests/:id/reject', allow('requests.decide'), decide(false));

  return router;
}
