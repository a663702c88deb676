import type { Kysely } from 'kysely';
import type { Database, Employee } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { addDays, isActiveOn } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { normalizeNip } from '../../lib/nip';
import { authorize } from '../../policy';
import { diff, writeAudit, type AuditActor } from '../audit/audit.service';
import { findOpdById } from '../opds/opds.repository';
import { findAssignments, insertAssignment, type AssignmentRow } from './assignments.repository';
import { findEmployeeByNip, insertEmployee, updateEmployeeRow } from './employees.repository';
import type { CreateEmployeeInput, UpdateEmployeeInput } from './employees.schema';
import { isUniqueViolation } from '../../db/unique-violation';

const nipTaken = () => new ValidationError({ nip: 'employees.errors.nip_taken' });

/** The unit that answers "where does this person work" on `date`, for display and scoping. */
export function assignmentOn(assignments: AssignmentRow[], date: string): AssignmentRow | undefined {
  const covering = assignments.find((a) => a.start_date <= date && (a.end_date === null || a.end_date > date));
  if (covering) return covering;
  const past = assignments.filter((a) => a.start_date <= date);
  return past.length ? past[past.length - 1] : assignments[0];
}

export interface EmployeeRecord {
  employee: Employee;
  assignments: AssignmentRow[];
  current: AssignmentRow | undefined;
}

/**
 * An employee by the NIP in the URL (spaces and dots allowed). An opd user reaching someone
 * who is not in its unit today gets a 404, as if the person did not exist (docs/DESIGN.md, "Roles and the policy").
 */
export async function findVisibleEmployee(db: Kysely<Database>, user: CurrentUser, rawNip: string, today: string): Promise<EmployeeRecord> {
  const employee = await findEmployeeByNip(db, normalizeNip(rawNip).toUpperCase());
  if (!employee) throw new NotFoundError();
  const assignments = await findAssignments(db, employee.id);
  const current = assignmentOn(assignments, today);
  authorize(user, 'employees.read', { opdId: current?.opd_id });
  return { employee, assignments, current };
}

export async function createEmployee(db: Kysely<Database>, actor: AuditActor, input: CreateEmployeeInput): Promise<Employee> {
  const { opd_id, ...fields } = input;
  const opd = await findOpdById(db, opd_id);
  if (!opd) throw new ValidationError({ opd_id: 'validation.invalid_choice' });
  if (!isActiveOn(opd, input.active_from)) throw new ValidationError({ opd_id: 'employees.errors.opd_inactive' });
  if (await findEmployeeByNip(db, input.nip)) throw nipTaken();
  const now = nowIso();
  try {
    return await db.transaction().execute(async (trx) => {
      const employee = await insertEmployee(trx, { ...fields, active_to: null, end_reason: null, created_at: now, updated_at: now });
      await insertAssignment(trx, { employee_id: employee.id, opd_id, start_date: input.active_from, created_at: now });
      await writeAudit(trx, actor, {
        entity: 'employee',
        entityId: employee.id,
        action: 'create',
        opdId: opd_id,
        after: { ...fields, opd: opd.code },
      });
      return employee;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nipTaken();
    throw err;
  }
}

export async function updateEmployee(
  db: Kysely<Database>,
  actor: AuditActor,
  record: EmployeeRecord,
  input: UpdateEmployeeInput,
): Promise<Employee> {
  const { employee } = record;
  if (input.nip !== employee.nip && (await findEmployeeByNip(db, input.nip))) throw nipTaken();
  const { before, after } = diff(employee, input);
  if (!Object.keys(after).length) return employee;
  try {
    await db.transaction().execute(async (trx) => {
      await updateEmployeeRow(trx, employee.id, { ...input, updated_at: nowIso() });
      await writeAudit(trx, actor, { entity: 'employee', entityId: employee.id, action: 'update', opdId: record.current?.opd_id, before, after });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nipTaken();
    throw err;
  }
  return { ...employee, ...input };
}

/**
 * Out of service from `inactiveFrom` (TMT pensiun, the day after leaving, the date of death):
 * active_to is the last day in service. The assignment stays, so the unit's history still
 * shows the person; roll-calls from that date no longer expect them.
 */
export async function deactivateEmployee(
  db: Kysely<Database>,
  actor: AuditActor,
  record: EmployeeRecord,
  input: { reason: string; inactive_from: string },
): Promise<void> {
  const activeTo = addDays(input.inactive_from, -1);
  if (activeTo < record.employee.active_from) throw new ValidationError({ inactive_from: 'employees.errors.before_start' });
  await setServiceEnd(db, actor, record, { active_to: activeTo, end_reason: input.reason }, 'deactivate');
}

export async function reactivateEmployee(db: Kysely<Database>, actor: AuditActor, record: EmployeeRecord): Promise<void> {
  if (record.employee.active_to === null) return;
  await setServiceEnd(db, actor, record, { active_to: null, end_reason: null }, 'reactivate');
}

function setServiceEnd(
  db: Kysely<Database>,
  actor: AuditActor,
  record: EmployeeRecord,
  end: { active_to: string | null; end_reason: string | null },
  action: 'deactivate' | 'reactivate',
) {
  const { employee } = record;
  return db.transaction().execute(async (trx) => {
    await updateEmployeeRow(trx, employee.id, { ...end, updated_at: nowIso() });
    await writeAudit(trx, actor, {
      entity: 'employee',
      entityId: employee.id,
      action,
      opdId: record.current?.opd_id,
      before: { active_to: employee.active_to, end_reason: employee.end_reason },
      after: end,
    });
  });
}
