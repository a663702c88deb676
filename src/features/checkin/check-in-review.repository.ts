import type { Db } from '../../db/connect';
import type { CheckIn, CheckInReview } from '../../db/database';

/**
 * "Titip absen": the earlier check-ins from the same browser to the same apel or event, by other
 * employees, wait for review too (unless the operator already rejected them).
 */
export async function flagSameDevice(db: Db, c: Pick<CheckIn, 'id' | 'device' | 'opd_id' | 'pledge_date' | 'event_id' | 'employee_id'>): Promise<number> {
  if (!c.device) return 0;
  let q = db
    .updateTable('check_ins')
    .set({ review: 'pending', review_reason: 'same_device', reviewed_by: null, reviewed_at: null })
    .where('device', '=', c.device)
    .where('id', '!=', c.id)
    .where('employee_id', '!=', c.employee_id)
    .where((eb) => eb.or([eb('review', 'is', null), eb('review', '!=', 'rejected')]));
  q = c.event_id === null ? q.where('event_id', 'is', null).where('opd_id', '=', c.opd_id).where('pledge_date', '=', c.pledge_date) : q.where('event_id', '=', c.event_id);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The operator's verdict on a pending check-in; false when it was not pending (decided meanwhile). */
export async function updateReview(db: Db, id: number, review: Exclude<CheckInReview, 'pending'>, by: number, at: string): Promise<boolean> {
  const result = await db.updateTable('check_ins').set({ review, reviewed_by: by, reviewed_at: at }).where('id', '=', id).where('review', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
