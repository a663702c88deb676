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

export function csrfProtection(req: Request, res: Response, next: NextFunction) {
  if (req.path.startsWith('/api/') || req.is('multipart/form-data')) return next();
  verifyCsrf(req, res, next);
}
