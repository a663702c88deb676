import type { Db } from '../../db/connect';
import type { CheckIn, Database } from '../../db/database';
import type { Insertable } from 'kysely';
import { isUniqueViolation } from '../../db/unique-violation';

export type NewCheckIn = Insertable<Database['check_ins']>;

/**
 * Records a check-in; 'duplicate' when the employee already checked in to that apel or event
 * (the unique indexes decide, so two taps at once still make one row).
 */
export async function insertCheckIn(db: Db, row: NewCheckIn): Promise<{ recorded: CheckIn } | 'duplicate'> {
  try {
    const recorded = await db.insertInto('check_ins').values(row).returningAll().executeTakeFirstOrThrow();
    return { recorded };
  } catch (err) {
    if (isUniqueViolation(err)) return 'duplicate';
    throw err;
  }
}

/** The check-ins behind a unit's apel on a date: its own and, for a joint apel, the event's for its people. */
export function findUnitCheckIns(db: Db, opdId: number, date: string): Promise<CheckIn[]> {
  return db.selectFrom('check_ins').selectAll().where('opd_id', '=', opdId).where('pledge_date', '=', date).orderBy('checked_in_at').execute();
}

export function findEventCheckIns(db: Db, eventId: number): Promise<CheckIn[]> {
  return db.selectFrom('check_ins').selectAll().where('event_id', '=', eventId).orderBy('checked_in_at').execute();
}

/** Someone else checked in from this browser to the same apel or event: the sign of "titip absen". */
export async function otherFromDevice(db: Db, c: Pick<CheckIn, 'device' | 'opd_id' | 'pledge_date' | 'event_id' | 'employee_id'>): Promise<boolean> {
  if (!c.device) return false;
  let q = db.selectFrom('check_ins').select('id').where('device', '=', c.device).where('employee_id', '!=', c.employee_id);
  q = c.event_id === null ? q.where('event_id', 'is', null).where('opd_id', '=', c.opd_id).where('pledge_date', '=', c.pledge_date) : q.where('event_id', '=', c.event_id).where('pledge_date', '=', c.pledge_date);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
