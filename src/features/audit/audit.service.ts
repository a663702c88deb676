import type { Db } from '../../db/connect';
import { insertAuditRow, type AuditActor, type AuditChange } from './audit.repository';

export type { AuditActor, AuditChange } from './audit.repository';

/**
 * Appends one audit row. Call it inside the same transaction as the change it records, so
 * a change and its audit row are written together or not at all.
 */
export async function writeAudit(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await insertAuditRow(db, actor, change);
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
