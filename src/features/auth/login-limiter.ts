import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/*
 * Failed sign-ins are counted per address and per username (rate-limiter-flexible, the
 * library's documented brute-force recipe). A success clears the username's count.
 * Counts live in memory: with several app instances each keeps its own, which still caps
 * guessing at a few attempts per minute per instance.
 */
export interface LoginLimiter {
  /** Seconds to wait when blocked, or 0. */
  blockedFor(ip: string, username: string): Promise<number>;
  fail(ip: string, username: string): Promise<void>;
  succeed(username: string): Promise<void>;
}

export function createLoginLimiter(opts = { perIp: 30, perUser: 8, windowSeconds: 15 * 60 }): LoginLimiter {
  const byIp = new RateLimiterMemory({ keyPrefix: 'ip', points: opts.perIp, duration: opts.windowSeconds });
  const byUser = new RateLimiterMemory({ keyPrefix: 'user', points: opts.perUser, duration: opts.windowSeconds });
  const key = (u: string) => u.trim().toLowerCase();

  return {
    async blockedFor(ip, username) {
      const [a, b] = await Promise.all([byIp.get(ip), byUser.get(key(username))]);
      const waits = [
        [a, opts.perIp],
        [b, opts.perUser],
      ]
        .filter(([r, max]) => r && (r as RateLimiterRes).consumedPoints >= (max as number))
        .map(([r]) => Math.ceil((r as RateLimiterRes).msBeforeNext / 1000));
      return waits.length ? Math.max(...waits) : 0;
    },
    async fail(ip, username) {
      await Promise.all([
        byIp.penalty(ip, 1),
        byUser.penalty(key(username), 1),
      ]);
    },
    async succeed(username) {
      await byUser.delete(key(username));
    },
  };
}
