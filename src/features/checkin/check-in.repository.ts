import type { Db } from '../../db/connect';
import type { CheckIn, Database } from '../../db/database';
import type { Insertable } from 'kysely';
import { reusableQuery } from '../../db/reusable-query';
import { isUniqueViolation } from '../../db/unique-violation';

export type NewCheckIn = Insertable<Database['check_ins']>;

/**
 * Records a check-in; 'duplicate' when the employee already checked in to that apel or event
 * (the unique indexes decide, so two taps at once still make one row).
 */
export async function insertCheckIn(db: Db, row: NewCheckIn): Promise<{ recorded: CheckIn } | 'duplicate'> {
  try {
    const [recorded] = await insertRow(db, ...COLUMNS.map((c) => row[c] ?? null));
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
  const found = c.event_id === null ? await otherAtApel(db, c.device, c.employee_id, c.opd_id, c.pledge_date) : await otherAtEvent(db, c.device, c.employee_id, c.event_id, c.pledge_date);
  return found.length > 0;
}

/*
 * The self check-in's insert and its same-browser check run thousands of times a minute at 07:30:
 * built once (src/db/reusable-query.ts). Every column but the id is given, null when absent.
 */
const COLUMNS = [
  'opd_id',
  'pledge_date',
  'event_id',
  'employee_id',
  'checked_in_at',
  'method',
  'recorded_by',
  'device',
  'lat',
  'lng',
  'accuracy_m',
  'place',
  'review',
  'review_reason',
  'reviewed_by',
  'reviewed_at',
] as const satisfies readonly (keyof NewCheckIn)[];

const insertRow = reusableQuery((db: Db, ...values: (string | number | null)[]) =>
  db
    .insertInto('check_ins')
    .values(Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as unknown as NewCheckIn)
    .returningAll(),
);

const otherAtApel = reusableQuery((db: Db, device: string, employeeId: number, opdId: number, date: string) =>
  db.selectFrom('check_ins').select('id').where('device', '=', device).where('employee_id', '!=', employeeId).where('event_id', 'is', null).where('opd_id', '=', opdId).where('pledge_date', '=', date).limit(1),
);

const otherAtEvent = reusableQuery((db: Db, device: string, employeeId: number, eventId: number, date: string) =>
  db.selectFrom('check_ins').select('id').where('device', '=', device).where('employee_id', '!=', employeeId).where('event_id', '=', eventId).where('pledge_date', '=', date).limit(1),
);
