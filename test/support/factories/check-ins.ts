import type { Kysely } from 'kysely';
import type { CheckInMethod, CheckInReview, Database } from '../../../src/db/database';

export interface CheckInOptions {
  opdId: number;
  employeeId: number;
  /** The pledge date of the unit's apel. */
  date: string;
  /** ISO UTC instant of the check-in. */
  at: string;
  /** Default 'self'. */
  method?: CheckInMethod;
  /** null (default): needed no review. */
  review?: CheckInReview | null;
  /** The event checked into (default: the unit's own apel). */
  eventId?: number;
}

/**
 * A check-in row as the check-in routes write it (self by QR, or an officer's card scan), put in
 * directly: the roll-call and the verified share read these rows and nothing else.
 */
export async function makeCheckIn(db: Kysely<Database>, o: CheckInOptions) {
  return db
    .insertInto('check_ins')
    .values({
      opd_id: o.opdId,
      pledge_date: o.date,
      event_id: o.eventId ?? null,
      employee_id: o.employeeId,
      checked_in_at: o.at,
      method: o.method ?? 'self',
      recorded_by: null,
      review: o.review ?? null,
      review_reason: o.review === 'pending' ? 'outside' : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Turns check-in on for a unit (what the unit's settings page would do). */
export async function useCheckIn(db: Kysely<Database>, opdId: number): Promise<void> {
  await db.updateTable('opds').set({ check_in: 1 }).where('id', '=', opdId).execute();
}
