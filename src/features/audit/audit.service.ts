import type { Db } from '../../db/connect';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';

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

/**
 * Appends one audit row. Call it inside the same transaction as the change it records, so
 * a change and its audit row are written together or not at all.
 */
export async function writeAudit(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      user_id: actor.user?.id ?? null,
      actor: actor.user ? `${actor.user.via === 'token' ? 'token:' : ''}${actor.user.username}` : (actor.system ?? 'system'),
      entity: change.entity,
      entity_id: String(change.entityId),
      action: change.action,
      opd_id: change.opdId ?? null,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

/** Only the fields that differ, for compact before/after rows. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] !== undefined && before[key] !== after[key]) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
