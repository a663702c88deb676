import type { Db } from '../../db/connect';
import type { JobRunTable } from '../../db/database';
import type { Selectable } from 'kysely';
import { nowIso } from '../../lib/clock';
import { storedDetail } from './job-types';

export type JobRun = Selectable<JobRunTable>;
export type Outcome = JobRunTable['outcome'];

/**
 * Claims a run: the UNIQUE (job, planned_at) constraint lets exactly one instance insert the row,
 * whichever database it is. ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) turns the other
 * instances' inserts into no-ops instead of errors; they get undefined back and do nothing.
 */
export async function insertRunClaim(
  db: Db,
  claim: { job: string; plannedAt: string; instanceId: string; outcome?: Outcome; detail?: string | null },
): Promise<number | undefined> {
  const now = nowIso();
  const finished = claim.outcome && claim.outcome !== 'running';
  const row = await db
    .insertInto('job_runs')
    .values({
      job: claim.job,
      planned_at: claim.plannedAt,
      started_at: now,
      finished_at: finished ? now : null,
      outcome: claim.outcome ?? 'running',
      detail: claim.detail ?? null,
      instance_id: claim.instanceId,
    })
    .onConflict((oc) => oc.columns(['job', 'planned_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateRunFinished(db: Db, id: number, outcome: Outcome, detail: string | null): Promise<void> {
  await db.updateTable('job_runs').set({ outcome, detail, finished_at: nowIso() }).where('id', '=', id).execute();
}

/** Planned times of a job already claimed (by any instance) since `fromIso`. */
export async function findPlannedSince(db: Db, job: string, fromIso: string): Promise<Set<string>> {
  const rows = await db.selectFrom('job_runs').select('planned_at').where('job', '=', job).where('planned_at', '>=', fromIso).execute();
  return new Set(rows.map((r) => r.planned_at));
}

/**
 * A run still 'running' long after it started belongs to an instance that died mid-run. It is
 * closed as an error for the record and never re-run: a reminder sent twice is worse than once.
 */
export async function closeAbandonedRuns(db: Db, startedBeforeIso: string): Promise<number> {
  const res = await db
    .updateTable('job_runs')
    .set({ outcome: 'error', finished_at: nowIso(), detail: storedDetail([{ key: 'jobs.details.interrupted' }]) })
    .where('outcome', '=', 'running')
    .where('started_at', '<', startedBeforeIso)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function findRunsPage(db: Db, page: number, pageSize: number): Promise<{ rows: JobRun[]; total: number }> {
  const rows = await db
    .selectFrom('job_runs')
    .selectAll()
    .orderBy('planned_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const { n } = await db.selectFrom('job_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}
