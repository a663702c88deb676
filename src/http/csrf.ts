import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { AppError } from './errors';

/*
 * Synchroniser-token CSRF (csrf-sync): the token lives in the server-side session and every
 * form posts it back in the hidden field `_csrf`. The JSON API uses bearer tokens, no cookies,
 * so it is exempt. Multipart forms are checked after the upload parser, by `verifyCsrf`.
 */
const { generateToken, isRequestValid } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : (req.get('x-csrf-token') ?? undefined);
  },
});

export { generateToken as csrfToken };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends AppError {
  constructor() {
    super(403, 'csrf', 'errors.csrf');
  }
}

export function verifyCsrf(req: Request, _res: Response, next: NextFunction) {
  if (SAFE.has(req.method) || isRequestValid(req)) return next();
  next(new CsrfError());
}

/*
 * The routes that read a multipart form with their own upload parser and then run `verifyCsrf`.
 * Only these may skip the check here: any other route gets a multipart POST checked now, with
 * its body unread, so it has no token and is refused (a multipart POST used to skip the check
 * on every route: a cross-site form could sign people out, disable users, delete holidays).
 * A new upload route must be added here, or its multipart form is refused with 403.
 */
const UPLOAD_ROUTES = [/^\/me\/requests$/, /^\/employees\/import$/, /^\/absences\/import$/, /^\/opd\/[^/]+\/sessions\/[^/]+(\/import|\/corrections)?$/];

export function csrfProtection(req: Request, res: Response, next: NextFunction) {
  if (req.path.startsWith('/api/')) return next();
  if (req.is('multipart/form-data') && UPLOAD_ROUTES.some((route) => route.test(req.path))) return next();
  verifyCsrf(req, res, next);
}
