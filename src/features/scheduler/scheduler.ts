import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { nowIso } from '../../lib/clock';
import { deliverDueEmails } from '../email/outbox.service';
import { closeTransports } from '../email/mailer';
import { getSettings } from '../settings/settings.repository';
import { storedDetail, type JobContext } from './job-types';
import { dueSessionPrune } from './housekeeping';
import { closeAbandonedRuns, findPlannedSince, insertRunClaim } from './job-runs.repository';
import { newInstanceId, runJob, type RunRecord } from './jobs';
import { recentCalendar } from './pledge-dates.queries';
import { dueDigest, dueReminders } from './schedule';

/** A run still 'running' after this long was cut off by a stopped instance. */
const ABANDONED_AFTER_HOURS = 2;

/**
 * One pass of the scheduler: works out which reminder and digest times have come (from the
 * settings, so a change applies at the next minute without a restart), claims and runs the ones
 * no instance has run yet, then sends due emails (retries included). Called every minute and
 * once at start, which is how a run missed while the server was down is caught up.
 */
export async function runDueJobs(ctx: JobContext, instanceId: string): Promise<RunRecord[]> {
  const { db, config } = ctx;
  const now = nowIso();
  const settings = await getSettings(db);
  const { pledgeDates, calendar } = await recentCalendar(db, settings, config.timezone, now);
  const since = DateTime.fromISO(now).minus({ days: 35 }).toUTC().toISO()!;
  const ran: RunRecord[] = [];

  const reminded = await findPlannedSince(db, 'reminder', since);
  for (const due of dueReminders(settings.reminder_times, pledgeDates, calendar, now)) {
    if (reminded.has(due.plannedAt)) continue;
    if (due.action === 'skip') {
      await insertRunClaim(db, { job: 'reminder', plannedAt: due.plannedAt, instanceId, outcome: 'skipped', detail: storedDetail([{ key: 'jobs.details.reminder_missed' }]) });
      continue;
    }
    const run = await runJob(ctx, 'reminder', due.plannedAt, instanceId);
    if (run) ran.push(run);
  }

  const digestAt = dueDigest(settings.digest_time, pledgeDates, calendar, now);
  if (digestAt && !(await findPlannedSince(db, 'digest', since)).has(digestAt)) {
    const run = await runJob(ctx, 'digest', digestAt, instanceId);
    if (run) ran.push(run);
  }

  await deliverDueEmails(ctx);
  return ran;
}

/**
 * Jobs that keep the database tidy and need no settings: today's expired-session prune, claimed
 * like every job (one run per planned time across instances); a day missed while the server was
 * down runs at the next tick.
 */
export async function runDueHousekeeping(ctx: JobContext, instanceId: string): Promise<RunRecord[]> {
  const plannedAt = dueSessionPrune(ctx.config.timezone, nowIso());
  if ((await findPlannedSince(ctx.db, 'session_prune', plannedAt)).has(plannedAt)) return [];
  const run = await runJob(ctx, 'session_prune', plannedAt, instanceId);
  return run ? [run] : [];
}

/**
 * Starts the in-process scheduler: a croner tick every minute in the instance timezone
 * (`protect` skips a tick while the previous one still runs). Returns a function that stops it
 * and waits for a tick in progress, for a graceful shutdown before the database closes.
 */
export function startScheduler(ctx: JobContext): () => Promise<void> {
  const instanceId = newInstanceId();
  let running: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    const failed = (err: unknown) => ctx.logger.error({ err }, 'scheduler tick failed');
    // Housekeeping does not depend on the settings, so a failing reminder pass does not stop it.
    running = runDueJobs(ctx, instanceId)
      .catch(failed)
      .then(() => runDueHousekeeping(ctx, instanceId))
      .then(() => undefined, failed);
    return running;
  };
  const startup = closeAbandonedRuns(ctx.db, DateTime.utc().minus({ hours: ABANDONED_AFTER_HOURS }).toISO()!)
    .catch((err) => ctx.logger.error({ err }, 'could not close abandoned job runs'))
    .then(tick);
  const cron = new Cron('* * * * *', { timezone: ctx.config.timezone, protect: true, name: `ikrar-${instanceId}` }, tick);
  ctx.logger.info({ instanceId, timezone: ctx.config.timezone }, 'scheduler started');
  return async () => {
    cron.stop();
    await startup;
    await running;
    closeTransports();
  };
}

