import type { NextFunction, Request, Response } from 'express';
import { requireLogin } from '../http/auth';
import { ForbiddenError } from '../http/errors';
import { grantOf } from './policy';
import type { Action } from './rules';

/**
 * Route guard: anonymous visitors go to /login (the API answers 401 before this runs), a role
 * without the action gets a 403. The unit is checked later, where the handler knows it
 * (authorize with a target), so another unit's data is a 404 rather than a 403.
 */
export function allow(action: Action) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return requireLogin(req, res, next);
    if (grantOf(req.user.role, action) === null) return next(new ForbiddenError());
    next();
  };
}
