import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors';

/**
 * A NUL byte in the URL (a path parameter or a query value, %00) is refused before any route
 * reads it: PostgreSQL rejects NUL in a text parameter, so it would otherwise reach a query as a
 * 500. No OPD code, NIP, date or search term contains one.
 */
export function refuseNul(req: Request, _res: Response, next: NextFunction) {
  if (/%00/.test(req.url) || req.url.includes('\u0000')) return next(new AppError(400, 'bad_request', 'errors.bad_request'));
  next();
}
