import type { NextFunction, Request, Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Counters } from '../../db/rate-limit-store';
import { TooManyRequestsError } from '../../http/errors';

/*
 * The API's own limits, apart from the login limiter: requests per minute per token (an
 * attendance machine posting a roll-call needs a few; a system paging through 63,000 employees
 * a few hundred), and failed authentications per minute per address, so guessing tokens is
 * slow. The counts are kept where `counters` keeps them: the app's database, so every app
 * instance on it enforces one limit.
 */
export interface ApiLimits {
  requestsPerMinute: number;
  failedAuthPerMinute: number;
}

export const DEFAULT_LIMITS: ApiLimits = { requestsPerMinute: 300, failedAuthPerMinute: 30 };

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function setHeaders(res: Response, limit: number, r: RateLimiterRes): void {
  res.set({ 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(Math.max(0, r.remainingPoints)), 'RateLimit-Reset': String(secondsOf(r)) });
}

export function apiLimiters(limits: ApiLimits, counters: Counters) {
  const requests = counters({ keyPrefix: 'api', points: limits.requestsPerMinute, duration: 60 });
  const failures = counters({ keyPrefix: 'api-auth', points: limits.failedAuthPerMinute, duration: 60 });

  /** Counts one request against `key`; over the limit it is a 429 with Retry-After. */
  async function consume(res: Response, key: string): Promise<void> {
    try {
      setHeaders(res, limits.requestsPerMinute, await requests.consume(key));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      setHeaders(res, limits.requestsPerMinute, err);
      throw new TooManyRequestsError(secondsOf(err));
    }
  }

  return {
    /** Before authentication: an address that failed too often waits, even with a good token. */
    async addressGuard(req: Request, _res: Response, next: NextFunction) {
      const seen = await failures.get(req.ip ?? 'unknown');
      if (seen && seen.consumedPoints >= limits.failedAuthPerMinute) throw new TooManyRequestsError(secondsOf(seen));
      next();
    },
    async failedAuth(req: Request): Promise<void> {
      await failures.consume(req.ip ?? 'unknown').catch(() => undefined);
    },
    /** After authentication: the limit per token (per address for the public document). */
    async perClient(req: Request, res: Response, next: NextFunction) {
      const key = req.user ? `token:${req.user.username}:${req.user.id}` : `ip:${req.ip ?? 'unknown'}`;
      await consume(res, key);
      next();
    },
  };
}

export type ApiLimiters = ReturnType<typeof apiLimiters>;
