import { DateTime } from 'luxon';
import { ABSOLUTE_LIFETIME_MS } from '../../http/auth';
import { KyselySessionStore } from '../../http/session-store';
import { deleteExpiredRateLimits } from '../../db/rate-limit-store';
import type { JobContext, JobResult } from './job-types';

/** Expired sign-ins are deleted once a day at this local hour, when nobody is at work. */
const PRUNE_HOUR = 3;

/**
 * Deletes the session rows whose time is up (express-session never deletes them itself) and
 * the rate limits' counters whose window has ended (the library leaves them too).
 */
export async function pruneSessions(ctx: JobContext): Promise<JobResult> {
  const removed = await new KyselySessionStore(ctx.db, ABSOLUTE_LIFETIME_MS).prune();
  // The library stamps its windows with the real clock, not the app's (tests fix the latter).
  const counters = await deleteExpiredRateLimits(ctx.db, Date.now());
  return {
    outcome: 'ok',
    detail: [
      { key: 'jobs.details.pruned', vars: { n: removed } },
      { key: 'jobs.details.pruned_limits', vars: { n: counters } },
    ],
  };
}

/** The planned time of the prune due now: the latest 03:00 in the instance zone (UTC ISO). */
export function dueSessionPrune(zone: string, atIso: string): string {
  const now = DateTime.fromISO(atIso, { zone });
  let slot = now.set({ hour: PRUNE_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (slot > now) slot = slot.minus({ days: 1 });
  return slot.toUTC().toISO()!;
}
