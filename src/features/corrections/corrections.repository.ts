import type { Db } from '../../db/connect';
import type { CorrectionRequest } from '../../db/database';

/* All SQL of correction requests. */

export interface SessionRequestRow {
  id: number;
  requested_at: string;
  requester: string;
  reason: string;
  state: string;
  decided_at: string | null;
  decider: string | null;
  decision_note: string | null;
}

export async function findRequestsForSession(db: Db, sessionId: number): Promise<SessionRequestRow[]> {
  return db
    .selectFrom('correction_requests as c')
    .innerJoin('users as r', 'r.id', 'c.requested_by')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .select([
      'c.id',
      'c.requested_at',
      'r.display_name as requester',
      'c.reason',
      'c.state',
      'c.decided_at',
      'd.display_name as decider',
      'c.decision_note',
    ])
    .where('c.session_id', '=', sessionId)
    .orderBy('c.requested_at', 'desc')
    .execute();
}

export async function hasPendingRequest(db: Db, sessionId: number): Promise<boolean> {
  const row = await db
    .selectFrom('correction_requests')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return !!row;
}

export async function insertRequest(
  db: Db,
  row: Pick<CorrectionRequest, 'session_id' | 'requested_by' | 'requested_at' | 'reason' | 'changes' | 'base_version'>,
): Promise<CorrectionRequest> {
  return db
    .insertInto('correction_requests')
    .values({ ...row, state: 'pending' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRequest(db: Db, id: number): Promise<CorrectionRequest | undefined> {
  return db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a pending request decided; false when someone else decided it first. */
export async function decideRequest(
  db: Db,
  id: number,
  set: { state: 'approved' | 'rejected'; decided_by: number; decided_at: string; decision_note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('correction_requests')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface RequestListRow {
  id: number;
  state: string;
  requested_at: string;
  reason: string;
  decided_at: string | null;
  opd_code: string;
  opd_name: string;
  pledge_date: string;
  requester: string;
}

/** Pending requests first (oldest first: they have waited longest), then decided ones, newest first. */
export async function listRequests(db: Db, limit: number, offset: number): Promise<{ rows: RequestListRow[]; total: number }> {
  const base = db
    .selectFrom('correction_requests as c')
    .innerJoin('sessions as s', 's.id', 'c.session_id')
    .innerJoin('opds as o', 'o.id', 's.opd_id')
    .innerJoin('users as u', 'u.id', 'c.requested_by');
  const rows = await base
    .select([
      'c.id',
      'c.state',
      'c.requested_at',
      'c.reason',
      'c.decided_at',
      'o.code as opd_code',
      'o.name as opd_name',
      's.pledge_date',
      'u.display_name as requester',
    ])
    .orderBy((eb) => eb.case().when('c.state', '=', 'pending').then(0).else(1).end())
    .orderBy((eb) => eb.case().when('c.state', '=', 'pending').then(eb.ref('c.requested_at')).else(null).end())
    .orderBy('c.requested_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function countPending(db: Db): Promise<number> {
  const row = await db
    .selectFrom('correction_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findEmployeesByIds(db: Db, ids: number[]): Promise<Map<number, { nip: string; name: string }>> {
  const out = new Map<number, { nip: string; name: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('employees').select(['id', 'nip', 'name']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, { nip: r.nip, name: r.name });
  }
  return out;
}
