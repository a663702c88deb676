import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect';
import type { AbsenceRequest, AbsenceRequestTable, Database } from '../../db/database';
import type { UnitScope } from '../../policy';

export type NewRequest = Insertable<AbsenceRequestTable>;

export async function insertRequest(db: Db, row: NewRequest): Promise<AbsenceRequest> {
  return db.insertInto('absence_requests').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertRequestFile(db: Db, row: Insertable<Database['request_files']>): Promise<void> {
  await db.insertInto('request_files').values(row).execute();
}

export function findRequest(db: Db, id: number): Promise<AbsenceRequest | undefined> {
  return db.selectFrom('absence_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRequestFile(db: Db, requestId: number) {
  return db.selectFrom('request_files').select(['mime', 'size', 'data']).where('request_id', '=', requestId).executeTakeFirst();
}

/** Pending or approved requests of one employee that touch [from, to]: a new one may not overlap them. */
export function findOpenRequestsBetween(db: Db, employeeId: number, from: string, to: string) {
  return db
    .selectFrom('absence_requests')
    .select(['id', 'kind', 'start_date', 'end_date', 'state'])
    .where('employee_id', '=', employeeId)
    .where('state', 'in', ['pending', 'approved'])
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .execute();
}

/** What every list of requests shows of one. */
const REQUEST_COLUMNS = [
  'absence_requests.id',
  'absence_requests.kind',
  'absence_requests.cuti_type',
  'absence_requests.start_date',
  'absence_requests.end_date',
  'absence_requests.reason',
  'absence_requests.letter_ref',
] as const;

/** An employee's own requests, newest first (the /me page). */
export function findRequestsOfEmployee(db: Db, employeeId: number, limit: number) {
  return db
    .selectFrom('absence_requests')
    .leftJoin('request_files', 'request_files.request_id', 'absence_requests.id')
    .select([
      ...REQUEST_COLUMNS,
      'absence_requests.state',
      'absence_requests.filed_at',
      'absence_requests.decided_at',
      'absence_requests.decision_note',
      'request_files.mime',
    ])
    .where('absence_requests.employee_id', '=', employeeId)
    .orderBy('absence_requests.id', 'desc')
    .limit(limit)
    .execute();
}

/** Pending requests of the units in scope, oldest first: the first filed is decided first. */
export function findPendingRequests(db: Db, units: UnitScope, limit: number) {
  let q = db
    .selectFrom('absence_requests')
    .innerJoin('employees', 'employees.id', 'absence_requests.employee_id')
    .innerJoin('opds', 'opds.id', 'absence_requests.opd_id')
    .leftJoin('request_files', 'request_files.request_id', 'absence_requests.id')
    .select([
      ...REQUEST_COLUMNS,
      'absence_requests.filed_at',
      'employees.nip',
      'employees.name',
      'opds.code as opd_code',
      'request_files.mime',
      'request_files.size',
    ])
    .where('absence_requests.state', '=', 'pending');
  if (units.kind === 'units') q = q.where('absence_requests.opd_id', 'in', units.ids.length ? units.ids : [-1]);
  return q.orderBy('absence_requests.filed_at').orderBy('absence_requests.id').limit(limit).execute();
}

export async function countPendingRequests(db: Db, opdId: number): Promise<number> {
  const row = await db
    .selectFrom('absence_requests')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('opd_id', '=', opdId)
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Decision {
  state: 'approved' | 'rejected';
  decided_by: number;
  decided_at: string;
  decision_note: string | null;
  planned_absence_id: number | null;
}

/** Decides a pending request; false when someone decided it first. */
export async function markDecided(db: Db, id: number, d: Decision): Promise<boolean> {
  const result = await db.updateTable('absence_requests').set(d).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account that filed a request: it receives the decision. */
export function findRecipient(db: Db, userId: number) {
  return db.selectFrom('users').select(['id', 'email', 'language']).where('id', '=', userId).executeTakeFirst();
}
