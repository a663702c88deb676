import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { knownFault } from '../../http/db-faults';
import { AppError, ConflictError, DatabaseUnavailableError, ForbiddenError, ValidationError } from '../../http/errors';
import { translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { can } from '../../policy';
import type { SessionActor } from './save-session';
import type { SessionTarget } from './session-target';
import { fieldMap } from './sessions.schema';
import { presentSessionPage, type FormInput, type PageOptions } from './sessions.presenter';
import { loadSessionPage } from './sessions.service';

/* Rendering the session page from any route of the feature: the page itself, a refused save, a
 * refused correction request, a CSV import under review. */

export function actorOf(req: Request): SessionActor {
  return { user: req.user!, requestId: req.id };
}

export function baseUrl(target: SessionTarget): string {
  return `/opd/${target.opd.code}/sessions/${target.pledgeDate}`;
}

/** The roll-call at a search and page: page 1 and an empty search are left out of the address. */
export function rollUrl(base: string, q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

/** What the user typed, to show it again when a save is refused. */
export function formInputOf(body: Record<string, unknown>): FormInput {
  const details = Object.fromEntries(
    ['held', 'not_held_kind', 'not_held_reason', 'mode', 'start_time', 'pembina', 'ikrar_reader', 'ikrar_version', 'location', 'notes', 'reason'].map(
      (k) => [k, typeof body[k] === 'string' ? body[k] : ''],
    ),
  );
  return { details, statuses: fieldMap(body, 'status'), notes: fieldMap(body, 'note') };
}

export function formVersion(body: Record<string, unknown>): number {
  // A missing, empty or mangled version can only be stale (Number('') would be version 0).
  return typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : -1;
}

export async function renderSessionPage(
  db: Kysely<Database>,
  req: Request,
  res: Response,
  target: SessionTarget,
  status: number,
  options: Omit<PageOptions, 'user'> = {},
): Promise<void> {
  const page = await loadSessionPage(db, target);
  const vm = presentSessionPage(page, req.t, { ...options, user: req.user! });
  // The card scanner (src/features/checkin/scan.routes.ts) is for today's apel only.
  const scanUrl = can(req.user!, 'checkin.scan', { opdId: target.opd.id }) && target.pledgeDate === localToday(String(res.locals.timezone)) ? `${baseUrl(target)}/scan` : null;
  const html = await new Promise<string>((resolve, reject) =>
    res.render('sessions/show', { ...vm, scanUrl }, (err, out) => (err ? reject(err) : resolve(out))),
  );
  await sendHtml(req, res, status, html);
}

/*
 * A 3,000-row roll-call is about 2 MB of very repetitive HTML; even fast gzip makes it ~150 kB, which
 * matters on a phone. The app has no compression middleware, so the big page does it here.
 */
async function sendHtml(req: Request, res: Response, status: number, html: string): Promise<void> {
  res.status(status).type('html').vary('Accept-Encoding');
  if (html.length < 20_000 || !req.acceptsEncodings('gzip')) {
    res.send(html);
    return;
  }
  const body = await new Promise<Buffer>((resolve, reject) =>
    zlib.gzip(html, { level: 1 }, (err, out) => (err ? reject(err) : resolve(out))),
  );
  res.set('Content-Encoding', 'gzip').send(body);
}

/**
 * A refused save shows the form again with the user's input: 422 with messages beside the
 * fields and rows, 409 when someone saved first (the form then carries the new version, so
 * saving again is a deliberate overwrite), 403 when the session locked meanwhile.
 */
export async function renderRefusal(
  db: Kysely<Database>,
  req: Request,
  res: Response,
  target: SessionTarget,
  err: unknown,
  input: FormInput,
  version: number,
  photoSent = false,
  where: Pick<PageOptions, 'filter' | 'page'> = {},
): Promise<void> {
  const fault = knownFault(err, req);
  if (fault) return renderFault(db, req, res, target, err, fault, { input, version, photoSent, where });
  // Rows to fix, or rows someone else changed, come first in the list: show its first page then.
  const top = { filter: { q: '', status: '' as const }, page: 1 };
  if (err instanceof ValidationError) {
    const errors = translateErrors(req.t, err.fields);
    const rows = Object.keys(errors).some((k) => k.startsWith('attendance.'));
    return renderSessionPage(db, req, res, target, 422, { input, errors, version, alert: req.t(err.message, err.vars), ...(rows ? top : where) });
  }
  if (err instanceof ConflictError) {
    return renderSessionPage(db, req, res, target, 409, { input, conflict: true, alert: req.t(err.message, err.vars), ...top });
  }
  if (err instanceof ForbiddenError && err.message !== 'errors.forbidden') {
    return renderSessionPage(db, req, res, target, 403, { input, version, alert: req.t(err.message), ...where });
  }
  throw err;
}

/**
 * The database or the disk refused the save (503, 507): the form again with everything typed,
 * so nothing is lost; only a chosen photo must be picked again. If the page cannot be read
 * either (the database is down), the error page answers instead.
 */
async function renderFault(
  db: Kysely<Database>,
  req: Request,
  res: Response,
  target: SessionTarget,
  err: unknown,
  fault: AppError,
  form: { input: FormInput; version: number; photoSent: boolean; where: Pick<PageOptions, 'filter' | 'page'> },
): Promise<void> {
  const alert = req.t(fault.status === 507 ? 'errors.storage_full_form' : 'errors.database_unavailable');
  const errors = form.photoSent ? { photo: req.t('sessions.errors.photo_again') } : undefined;
  if (fault instanceof DatabaseUnavailableError) res.set('Retry-After', String(fault.retryAfterSeconds));
  try {
    await renderSessionPage(db, req, res, target, fault.status, { input: form.input, errors, version: form.version, alert, ...form.where });
  } catch {
    throw err;
  }
}
