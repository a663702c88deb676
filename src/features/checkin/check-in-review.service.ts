import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { writeAudit } from '../audit/audit.service';
import { updateReview } from './check-in-review.repository';
import { findCheckInById } from './check-in.queries';

export type Decision = 'accept' | 'reject';

/**
 * The operator's verdict on a check-in waiting for review (outside the geofence, no location,
 * the same device as a colleague): accepted, it is evidence like any other; rejected, it is
 * not. Only a pending one; audited with its reason. `belongs` says whether the check-in is of
 * the list the operator is looking at (their unit's apel, or the event).
 */
export async function reviewCheckIn(
  db: Kysely<Database>,
  actor: { user: CurrentUser; requestId?: string },
  id: number,
  decision: Decision,
  belongs: (c: { opd_id: number; pledge_date: string; event_id: number | null }) => boolean,
) {
  return db.transaction().execute(async (trx) => {
    const found = await findCheckInById(trx, id);
    if (!found || !belongs(found)) throw new NotFoundError();
    const review = decision === 'accept' ? 'accepted' : 'rejected';
    if (found.review !== 'pending' || !(await updateReview(trx, id, review, actor.user.id, nowIso()))) throw new ConflictError('checkin.review.not_pending');
    await writeAudit(trx, actor, {
      entity: 'check_in',
      entityId: id,
      action: decision,
      opdId: found.opd_id,
      before: { employee_id: found.employee_id, review: found.review, review_reason: found.review_reason },
      after: { employee_id: found.employee_id, review },
    });
    return found;
  });
}
