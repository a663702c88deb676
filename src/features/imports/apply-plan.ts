import type { Db } from '../../db/connect';
import { addDays } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import type { AuditChange } from '../audit/audit.service';
import { bulkInsert } from '../demo/bulk.repository';
import {
  closeAssignmentsBatch,
  insertEmployeesBatch,
  moveAssignments,
  setServiceEndBatch,
  updateEmployeesBatch,
} from './imports.repository';
import type { Fields, Plan } from './plan';

export interface ApplyOptions {
  effectiveDate: string;
  deactivateAbsent: boolean;
}

export interface ApplyResult {
  created: number;
  updated: number;
  deactivated: number;
  /** One audit change per employee touched, written by the caller in batches. */
  audit: AuditChange[];
}

const fieldsOf = (c: Fields) => ({
  nip: c.nip,
  name: c.name,
  gender: c.gender,
  category: c.category,
  position: c.position,
  rank: c.rank,
});

/**
 * Writes a validated plan with multi-row statements. Call inside one transaction: an import
 * is all or nothing. Attendance is never touched, so a past effective date rewrites no session.
 */
export async function applyPlan(db: Db, plan: Plan, opts: ApplyOptions): Promise<ApplyResult> {
  const now = nowIso();
  const date = opts.effectiveDate;
  const audit: AuditChange[] = [];

  const ids = await insertEmployeesBatch(
    db,
    plan.creates.map((c) => ({ ...fieldsOf(c), active_from: date, active_to: null, end_reason: null, created_at: now, updated_at: now })),
  );
  const newAssignments = plan.creates.map((c) => ({ employee_id: ids.get(c.nip)!, opd_id: c.opdId, start_date: date, end_date: null, created_at: now }));
  for (const c of plan.creates) {
    audit.push({ entity: 'employee', entityId: ids.get(c.nip)!, action: 'import_create', opdId: c.opdId, after: { ...fieldsOf(c), opd: c.opdCode } });
  }

  await updateEmployeesBatch(db, plan.updates.map((u) => ({ id: u.id, ...fieldsOf(u) })), now);
  await setServiceEndBatch(db, plan.updates.filter((u) => u.reactivate).map((u) => u.id), { active_to: null, end_reason: null }, now);
  const moves = plan.updates.filter((u) => u.unit === 'move' && u.assignmentId !== null);
  await closeAssignmentsBatch(db, moves.map((u) => u.assignmentId!), date);
  await moveAssignments(db, plan.updates.filter((u) => u.unit === 'replace').map((u) => ({ id: u.assignmentId!, opdId: u.opdId })));
  for (const u of plan.updates) {
    if (u.unit === 'move' || u.unit === 'add') newAssignments.push({ employee_id: u.id, opd_id: u.opdId, start_date: date, end_date: null, created_at: now });
    const before = Object.fromEntries(u.changes.map((c) => [c.field, c.from]));
    const after = Object.fromEntries(u.changes.map((c) => [c.field, c.to]));
    audit.push({ entity: 'employee', entityId: u.id, action: 'import_update', opdId: u.opdId, before, after });
  }
  await bulkInsert(db, 'assignments', newAssignments);

  const leaving = opts.deactivateAbsent ? plan.absent : [];
  const activeTo = addDays(date, -1);
  await setServiceEndBatch(db, leaving.map((e) => e.id), { active_to: activeTo, end_reason: 'lainnya' }, now);
  for (const e of leaving) {
    audit.push({
      entity: 'employee',
      entityId: e.id,
      action: 'import_deactivate',
      opdId: e.opd_id,
      before: { active_to: e.active_to },
      after: { active_to: activeTo, end_reason: 'lainnya' },
    });
  }
  return { created: plan.creates.length, updated: plan.updates.length, deactivated: leaving.length, audit };
}
