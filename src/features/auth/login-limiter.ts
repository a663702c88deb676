import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryCounters, type Counter, type Counters } from '../../db/rate-limit-store';

/*
 * Password guesses are limited per address and per username (rate-limiter-flexible, the
 * library's documented brute-force recipe). An attempt is reserved before the password is
 * checked: consume() counts and decides in one step, so a burst of parallel requests cannot all
 * pass a check made before any of them was counted. A right password gives the address's point
 * back and clears the username's count, so only wrong guesses stay counted.
 * Every check of a known password (sign-in, the current password on the account page) goes
 * through the same limiter, so the per-username cap is one budget of guesses.
 * The app keeps the counts in the database (databaseCounters), so several app instances on one
 * database share one budget; unit tests may count in memory.
 */
export interface LoginLimiter {
  /**
   * Reserves one attempt for the address and the username. Resolves to 0 when the password may
   * be checked, else to the seconds to wait (and nothing stays reserved).
   */
  reserve(ip: string, username: string): Promise<number>;
  /** The password was right: the attempt is given back and the username's failures forgotten. */
  succeed(ip: string, username: string): Promise<void>;
  /** An admin gave the account a new password: its failures are forgotten, so it can sign in now. */
  unlock(username: string): Promise<void>;
}

export interface LoginLimits {
  perIp: number;
  perUser: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perUser: 8, windowSeconds: 15 * 60 };

/**
 * `prefix` keeps another budget of guesses apart (activation codes count on their own, so
 * guessing codes does not lock anybody out of signing in, nor the other way round).
 */
export function createLoginLimiter(opts: LoginLimits = DEFAULT_LOGIN_LIMITS, prefix = '', counters: Counters = memoryCounters): LoginLimiter {
  const byIp = counters({ keyPrefix: `${prefix}ip`, points: opts.perIp, duration: opts.windowSeconds });
  const byUser = counters({ keyPrefix: `${prefix}user`, points: opts.perUser, duration: opts.windowSeconds });
  const userKey = (u: string) => u.trim().toLowerCase();

  return {
    async reserve(ip, username) {
      const keys: [Counter, string][] = [
        [byIp, ip],
        [byUser, userKey(username)],
      ];
      const results = await Promise.allSettled(keys.map(([limiter, key]) => limiter.consume(key)));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (!refused.length) return 0;
      // A refused attempt checks no password, so the point the other counter took is given back.
      await Promise.all(results.map((r, i) => (r.status === 'fulfilled' ? keys[i][0].reward(keys[i][1], 1) : undefined)));
      return Math.max(...refused.map(waitSeconds));
    },
    async succeed(ip, username) {
      await Promise.all([byIp.reward(ip, 1), byUser.delete(userKey(username))]);
    },
    async unlock(username) {
      await byUser.delete(userKey(username));
    },
  };
}

function waitSeconds(reason: unknown): number {
  if (!(reason instanceof RateLimiterRes)) throw reason; // a store failure, not a refusal
  return Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
}
