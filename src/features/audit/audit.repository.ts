import type { Db } from '../../db/connect';
import type { AuditEntry } from '../../db/database';
import { nowIso } from '../../lib/clock';
import type { UnitScope } from '../../policy';
import { bulkInsert } from '../demo/bulk.repository';
import type { CurrentUser } from '../../http/types';
import type { AuditRefIds } from './audit.fields';

export interface AuditActor {
  user?: Pick<CurrentUser, 'id' | 'username' | 'via'> | null;
  /** For jobs and scripts without a user. */
  system?: string;
  requestId?: string;
}

export interface AuditChange {
  entity: string;
  entityId: string | number;
  action: string;
  /** The OPD the change belongs to, so opd users can read their own unit's history. */
  opdId?: number | null;
  before?: unknown;
  after?: unknown;
}

function auditRow(actor: AuditActor, c: AuditChange, at: string) {
  return {
    at,
    user_id: actor.user?.id ?? null,
    actor: actor.user ? `${actor.user.via === 'token' ? 'token:' : ''}${actor.user.username}` : (actor.system ?? 'system'),
    entity: c.entity,
    entity_id: String(c.entityId),
    action: c.action,
    opd_id: c.opdId ?? null,
    before: c.before === undefined ? null : JSON.stringify(c.before),
    after: c.after === undefined ? null : JSON.stringify(c.after),
    request_id: actor.requestId ?? null,
  };
}

/** One audit row; writeAudit is the way in. */
export async function insertAuditRow(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(actor, change, nowIso())).execute();
}

/**
 * Many audit rows in multi-row inserts (an import changes thousands of employees at once).
 * Same row shape as writeAudit; call it inside the transaction of the changes it records.
 */
export async function insertAuditRows(db: Db, actor: AuditActor, changes: AuditChange[]): Promise<void> {
  const at = nowIso();
  await bulkInsert(db, 'audit_log', changes.map((c) => auditRow(actor, c, at)));
}

/** The entity ids of every audit row of `entity` with `action` (e.g. the years whose official holidays were loaded). */
export async function findEntityIdsWith(db: Db, entity: string, action: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('entity_id').where('entity', '=', entity).where('action', '=', action).execute();
  return rows.map((r) => r.entity_id);
}

/** One record's history, newest first (the audit_log_entity index). */
export function findEntityHistory(db: Db, entity: string, entityId: string | number, limit = 100): Promise<AuditEntry[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', String(entityId))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface AuditFilter {
  entity?: string | null;
  entityId?: string | null;
  /** UTC ISO bounds: from inclusive, to exclusive. */
  fromAt?: string | null;
  toAt?: string | null;
  /** The units whose rows are shown (rows of no unit only with every unit); all when absent. */
  units?: UnitScope;
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.fromAt) q = q.where('at', '>=', f.fromAt);
  if (f.toAt) q = q.where('at', '<', f.toAt);
  if (f.units?.kind === 'units') q = q.where('opd_id', 'in', f.units.ids);
  return q;
}

export async function findAuditPage(
  db: Db,
  f: AuditFilter,
  page: number,
  size: number,
): Promise<{ rows: AuditEntry[]; total: number }> {
  if (f.units?.kind === 'units' && f.units.ids.length === 0) return { rows: [], total: 0 };
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** The kinds of record that have history, for the filter. */
export async function findAuditEntities(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute();
  return rows.map((r) => r.entity);
}

/**
 * The newest audit row's id. Every change to sessions, roll-calls, employees, OPDs, holidays,
 * settings and follow-ups writes one (docs/DESIGN.md, "Sessions and the roll-call"), so it versions pages cached from that data.
 */
export async function lastAuditId(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** What audit rows point at by id, read once per page so the trail shows names, not numbers. */
export interface AuditRefs {
  users: Map<number, string>;
  employees: Map<number, { name: string; nip: string }>;
  opds: Map<number, string>;
  sessions: Map<number, { opdCode: string; pledgeDate: string }>;
}

export async function findAuditRefs(db: Db, ids: AuditRefIds): Promise<AuditRefs> {
  const some = <T>(list: number[], read: () => Promise<T[]>) => (list.length ? read() : Promise.resolve([] as T[]));
  const [users, employees, opds, sessions] = await Promise.all([
    some(ids.users, () => db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids.users).execute()),
    some(ids.employees, () => db.selectFrom('employees').select(['id', 'name', 'nip']).where('id', 'in', ids.employees).execute()),
    some(ids.opds, () => db.selectFrom('opds').select(['id', 'code']).where('id', 'in', ids.opds).execute()),
    some(ids.sessions, () =>
      db
        .selectFrom('sessions')
        .innerJoin('opds', 'opds.id', 'sessions.opd_id')
        .select(['sessions.id', 'opds.code', 'sessions.pledge_date'])
        .where('sessions.id', 'in', ids.sessions)
        .execute(),
    ),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.display_name])),
    employees: new Map(employees.map((e) => [e.id, { name: e.name, nip: e.nip }])),
    opds: new Map(opds.map((o) => [o.id, o.code])),
    sessions: new Map(sessions.map((s) => [s.id, { opdCode: s.code, pledgeDate: s.pledge_date }])),
  };
}
