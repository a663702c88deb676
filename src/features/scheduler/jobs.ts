import crypto from 'node:crypto';
import os from 'node:os';
import { deliverDueEmails } from '../email/outbox.service';
import { sendDigest } from '../notifications/digest.service';
import { sendReminders } from '../notifications/reminders.service';
import { pruneSessions } from './housekeeping';
import { storedDetail, type JobContext, type JobResult } from './job-types';
import { insertRunClaim, updateRunFinished, type Outcome } from './job-runs.repository';

/** The scheduled jobs by name. A job is idempotent per planned time only through its claim. */
export const JOBS = {
  reminder: sendReminders,
  digest: sendDigest,
  session_prune: pruneSessions,
} satisfies Record<string, (ctx: JobContext, plannedAt: string) => Promise<JobResult>>;

export type JobName = keyof typeof JOBS;

export interface RunRecord {
  id: number;
  outcome: Outcome;
  detail: string;
}

/** Names an app instance in job_runs, for the admin list and for debugging. */
export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Runs one job for one planned time, at most once across every instance sharing the database:
 * the claim (a row in job_runs) is taken first; an instance that loses the claim returns null
 * and does nothing. A failing job is recorded as an error, never thrown at the scheduler.
 * Emails the job queued are sent afterwards, outside the run's record.
 */
export async function runJob(ctx: JobContext, name: JobName, plannedAt: string, instanceId = newInstanceId()): Promise<RunRecord | null> {
  const { db, logger } = ctx;
  const id = await insertRunClaim(db, { job: name, plannedAt, instanceId });
  if (id === undefined) return null;
  let record: RunRecord;
  try {
    const result = await JOBS[name](ctx, plannedAt);
    record = { id, outcome: result.outcome, detail: storedDetail(result.detail) };
  } catch (err) {
    logger.error({ err, job: name, plannedAt }, 'scheduled job failed');
    record = { id, outcome: 'error', detail: (err instanceof Error ? err.message : String(err)).slice(0, 500) };
  }
  await updateRunFinished(db, id, record.outcome, record.detail);
  logger.info({ job: name, plannedAt, outcome: record.outcome, detail: record.detail }, 'scheduled job ran');
  await deliverDueEmails(ctx).catch((err) => logger.error({ err }, 'email delivery failed'));
  return record;
}
