import type { Db } from '../../db/connect';
import type { AuditEntry } from '../../db/database';
import { auditRefIds } from './audit.fields';
import { presentAudit, type AuditEntryView, type AuditView } from './audit.presenter';
import { findAuditRefs, findEntityHistory } from './audit.repository';

/** Audit rows as a page shows them: names instead of ids, local times, labelled fields. */
export async function readableAudit(db: Db, rows: AuditEntry[], view: Omit<AuditView, 'refs'>): Promise<AuditEntryView[]> {
  return presentAudit({ ...view, refs: await findAuditRefs(db, auditRefIds(rows)) }, rows);
}

/** One record's history (newest first), readable. */
export async function readableHistory(db: Db, entity: string, entityId: string | number, view: Omit<AuditView, 'refs'>): Promise<AuditEntryView[]> {
  return readableAudit(db, await findEntityHistory(db, entity, entityId), view);
}
