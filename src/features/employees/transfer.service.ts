import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { isActiveOn } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { findOpdById } from '../opds/opds.repository';
import { closeAssignment, findAssignments, insertAssignment } from './assignments.repository';
import type { EmployeeRecord } from './employees.service';

/**
 * Mutasi (docs/DESIGN.md, "Calendar"): the open assignment ends on the effective date (end_date is exclusive)
 * and a new one starts that day. Nothing is overwritten: a roll-call before the date still
 * expects the person in the old unit. Attendance rows already stored keep the unit they were
 * taken in, so a transfer dated in the past never rewrites a session.
 */
export async function transferEmployee(
  db: Kysely<Database>,
  actor: AuditActor,
  record: EmployeeRecord,
  input: { opd_id: number; effective_date: string },
): Promise<void> {
  const { employee } = record;
  const date = input.effective_date;
  const target = await findOpdById(db, input.opd_id);
  if (!target) throw new ValidationError({ opd_id: 'validation.invalid_choice' });
  if (!isActiveOn(target, date)) throw new ValidationError({ opd_id: 'employees.errors.opd_inactive' });
  if (!isActiveOn(employee, date)) throw new ValidationError({ effective_date: 'employees.transfer.not_in_service' });

  await db.transaction().execute(async (trx) => {
    // Read inside the transaction so two transfers saved at once cannot both close the same row.
    const assignments = await findAssignments(trx, employee.id);
    const open = assignments.filter((a) => a.end_date === null).pop();
    if (open && open.start_date >= date) {
      throw new ValidationError({ effective_date: 'employees.transfer.not_after_current' });
    }
    if (open && open.opd_id === target.id) throw new ValidationError({ opd_id: 'employees.transfer.same_unit' });
    if (open) await closeAssignment(trx, open.id, date);
    await insertAssignment(trx, { employee_id: employee.id, opd_id: target.id, start_date: date, created_at: nowIso() });
    await writeAudit(trx, actor, {
      entity: 'employee',
      entityId: employee.id,
      action: 'transfer',
      opdId: target.id,
      before: open ? { opd: open.opd_code, start_date: open.start_date } : undefined,
      after: { opd: target.code, start_date: date },
    });
  });
}
