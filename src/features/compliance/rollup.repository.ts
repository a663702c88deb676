import type { Db } from '../../db/connect';

/** Attendance rows per session and status, in one grouped query. */
export function countStatusesOf(db: Db, sessionIds: number[]) {
  return db
    .selectFrom('attendance')
    .select(['session_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('session_id', 'in', sessionIds)
    .groupBy(['session_id', 'status'])
    .execute();
}

/**
 * Per session, its H and TL rows backed by a check-in at the same apel (the unit and date; an
 * event's check-in of the unit's people counts too) that is accepted or needed no review: the
 * verified share's numerator. A pending check-in is evidence for the roll-call but is not
 * verified until accepted; a rejected one is no evidence at all.
 */
export function countVerifiedOf(db: Db, sessionIds: number[]) {
  return db
    .selectFrom('attendance as a')
    .select(['a.session_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('a.session_id', 'in', sessionIds)
    .where('a.status', 'in', ['H', 'TL'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('check_ins as c')
          .select('c.id')
          .whereRef('c.employee_id', '=', 'a.employee_id')
          .whereRef('c.opd_id', '=', 'a.opd_id')
          .whereRef('c.pledge_date', '=', 'a.pledge_date')
          .where((eb) => eb.or([eb('c.review', 'is', null), eb('c.review', '=', 'accepted')])),
      ),
    )
    .groupBy('a.session_id')
    .execute();
}

/** Session ids after `afterId`, in id order: the rebuild walks the table in batches. */
export async function sessionIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('sessions').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export function findSubmittedForLate(db: Db) {
  return db.selectFrom('sessions').select(['id', 'pledge_date', 'submitted_at', 'late']).where('state', '=', 'submitted').execute();
}

/** The first and last pledge date of any session, or null when there is none. */
export async function sessionDateRange(db: Db): Promise<{ from: string; to: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [eb.fn.min('pledge_date').as('from'), eb.fn.max('pledge_date').as('to')])
    .executeTakeFirst();
  return row?.from && row.to ? { from: String(row.from), to: String(row.to) } : null;
}
