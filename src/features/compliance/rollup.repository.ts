import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { SessionUpdate } from '../../db/database';

/** Attendance rows per session and status, in one grouped query. */
export function countStatusesOf(db: Db, sessionIds: number[]) {
  return db
    .selectFrom('attendance')
    .select(['session_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('session_id', 'in', sessionIds)
    .groupBy(['session_id', 'status'])
    .execute();
}

export async function updateSessionTotals(db: Db, sessionId: number, totals: SessionUpdate): Promise<void> {
  await db.updateTable('sessions').set(totals).where('id', '=', sessionId).execute();
}

/** Session ids after `afterId`, in id order: the rebuild walks the table in batches. */
export async function sessionIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('sessions').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Compliant count and rate of every session from its stored per-status counts. The cast makes
 * both databases divide in double precision, as JavaScript does.
 */
export async function recomputeComplianceColumns(db: Db, virtualCounts: boolean): Promise<void> {
  const compliant = virtualCounts ? sql`count_h + count_tl + count_hd` : sql`count_h + count_tl`;
  await db
    .updateTable('sessions')
    .set({
      compliant_count: sql<number>`${compliant}`,
      rate: sql<number | null>`case when expected_count - excused_count > 0
        then cast(${compliant} as double precision) / (expected_count - excused_count) else null end`,
    })
    .execute();
}

export function findSubmittedForLate(db: Db) {
  return db.selectFrom('sessions').select(['id', 'pledge_date', 'submitted_at', 'late']).where('state', '=', 'submitted').execute();
}

export async function setLate(db: Db, ids: number[], late: 0 | 1): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('sessions').set({ late }).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
}

/** The first and last pledge date of any session, or null when there is none. */
export async function sessionDateRange(db: Db): Promise<{ from: string; to: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [eb.fn.min('pledge_date').as('from'), eb.fn.max('pledge_date').as('to')])
    .executeTakeFirst();
  return row?.from && row.to ? { from: String(row.from), to: String(row.to) } : null;
}
