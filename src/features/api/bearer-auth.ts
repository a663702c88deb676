import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { CurrentUser } from '../../http/types';
import { UnauthorizedError } from './api-errors';
import type { ApiLimiters } from './rate-limit';

/** Resolves an Authorization header to the token's user, or null (tokens feature: authenticateToken). */
export type Authenticate = (db: Kysely<Database>, authorizationHeader: string) => Promise<CurrentUser | null>;

/**
 * Bearer tokens only: the API reads no cookie, so a signed-in browser cannot be made to call it
 * (which is why it needs no CSRF token). A token acts as a user of its role and, for an opd
 * token, of its unit; every scope check downstream is the same as for people.
 */
export function bearerAuth(db: Kysely<Database>, limiters: ApiLimiters, authenticate: Authenticate) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const user = header ? await authenticate(db, header) : null;
    if (!user) {
      await limiters.failedAuth(req);
      throw new UnauthorizedError(header ? 'api.errors.bad_token' : 'api.errors.no_token');
    }
    req.user = user;
    next();
  };
}
