import { Router, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { ConflictError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { allow } from '../../policy';
import { saveSession, type SaveSessionInput } from '../sessions/save-session';
import { findSession } from '../sessions/sessions.repository';
import { requireTarget, type SessionTarget } from '../sessions/session-target';
import { loadSessionPage } from '../sessions/sessions.service';
import { BadRequestError, PreconditionRequiredError } from './api-errors';
import { parseBody, rollCallBody, type RollCallBody } from './api.schema';
import { presentSession } from './sessions.presenter';

/**
 * The version a PUT was based on, from If-Match: `"3"` (the ETag of GET) or a bare 3; `*`
 * means "whatever is stored", for a machine that owns the roll-call outright. Missing: 428,
 * so a client cannot overwrite someone else's edit by forgetting the header.
 */
export function ifMatchVersion(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') throw new PreconditionRequiredError();
  const v = header.trim();
  if (v === '*') return null;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(v);
  if (!m) throw new BadRequestError('api.errors.bad_if_match', [{ path: 'If-Match', message: 'api.errors.bad_if_match' }]);
  return Number(m[1]);
}

async function sendSession(db: Kysely<Database>, res: Response, target: SessionTarget): Promise<void> {
  const page = await loadSessionPage(db, target);
  res.set('ETag', `"${page.session?.version ?? 0}"`).json(presentSession(page));
}

function saveInputOf(found: SessionTarget, version: number | null, body: RollCallBody, timezone: string): SaveSessionInput {
  const { submit, attendance, ...details } = body;
  return {
    opdId: found.opd.id,
    pledgeDate: found.pledgeDate,
    version,
    details,
    attendance: attendance.map((a) => ({ nip: a.nip, status: a.status, cutiType: a.cuti_type ?? null, note: a.note ?? null })),
    submit,
    timezone,
  };
}

/** A 409 names the stored version (and sends it as the ETag): the form's message speaks of the form. */
function staleWithVersion(db: Kysely<Database>, res: Response, found: SessionTarget) {
  return async (err: unknown): Promise<never> => {
    if (!(err instanceof ConflictError)) throw err;
    const current = (await findSession(db, found.opd.id, found.pledgeDate))?.version ?? 0;
    res.set('ETag', `"${current}"`);
    throw new ConflictError('api.errors.stale', { version: current });
  };
}

/**
 * GET and PUT /opds/:code/sessions/:date: a session and its roll-call. PUT goes through the
 * very service the form uses (saveSession): the same validation, deadline lock, late mark,
 * version check and audit row, in one transaction, so a refused roll-call writes nothing.
 */
export function sessionsApi({ db, config }: AppDeps): Router {
  const router = Router();
  const target = (req: Request) => requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), config.timezone);

  router.get('/opds/:code/sessions/:date', allow('session.read'), async (req, res) => {
    await sendSession(db, res, await target(req));
  });

  router.put('/opds/:code/sessions/:date', allow('session.edit'), async (req, res) => {
    const found = await target(req);
    const version = ifMatchVersion(req.get('if-match'));
    const body = parseBody(rollCallBody, req.body);
    await saveSession(db, { user: req.user!, requestId: req.id }, saveInputOf(found, version, body, config.timezone)).catch(
      staleWithVersion(db, res, found),
    );
    await sendSession(db, res, found);
  });

  return router;
}
