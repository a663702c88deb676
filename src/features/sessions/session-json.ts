import type { Request, Response } from 'express';
import type { Session } from '../../db/database';
import { knownFault } from '../../http/db-faults';
import { ConflictError, DatabaseUnavailableError, ForbiddenError, ValidationError } from '../../http/errors';
import { translateErrors } from '../../http/validate';
import { nowIso } from '../../lib/clock';
import { sessionState } from './session-state';

/*
 * The roll-call page's script saves a draft in the background (Accept: application/json), so the
 * page keeps its place and redraws nothing. It gets the new version, or why the save was refused,
 * with the rows named; everything it sent stays in the page and in the browser's draft.
 */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

export function savedJson(req: Request, res: Response, session: Session | undefined, deadline: string): void {
  const { state } = sessionState(session, deadline, nowIso());
  res.json({ ok: true, version: session?.version ?? 0, state: { code: state, label: req.t(`sessions.state.${state}`) } });
}

export function refusalJson(req: Request, res: Response, err: unknown): void {
  const fault = knownFault(err, req);
  if (fault) {
    if (fault instanceof DatabaseUnavailableError) res.set('Retry-After', String(fault.retryAfterSeconds));
    res.status(fault.status).json({ ok: false, alert: req.t(fault.status === 507 ? 'errors.storage_full_form' : 'errors.database_unavailable') });
    return;
  }
  if (err instanceof ValidationError) {
    res.status(422).json({ ok: false, alert: req.t(err.message, err.vars), errors: translateErrors(req.t, err.fields) });
    return;
  }
  if (err instanceof ConflictError) {
    res.status(409).json({ ok: false, conflict: true, alert: req.t(err.message, err.vars) });
    return;
  }
  if (err instanceof ForbiddenError && err.message !== 'errors.forbidden') {
    res.status(403).json({ ok: false, alert: req.t(err.message) });
    return;
  }
  throw err;
}
