import type { Db } from '../../db/connect';
import type { PlannedAbsence } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { PAGE_SIZE, paging, type Page } from '../../lib/paging';
import { authorize, inScope, isNarrowed, narrowScope, unitScope } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import { findOpdByCode } from '../opds/opds.repository';
import {
  absenceConcernsOpd,
  countAbsences,
  findAbsence,
  findAbsences,
  findActiveRanges,
  findEmployeesByNip,
  findUnitOfEmployee,
  insertAbsences,
  markCancelled,
  type AbsenceFilter,
  type AbsenceListRow,
  type EmployeeUnit,
} from './absences.repository';
import type { AbsenceInput, ListQuery } from './absences.schema';

export interface Actor {
  user: CurrentUser;
  requestId?: string;
}

/**
 * The people an actor may name: an opd user only their own unit's. Another unit's NIP is then
 * refused exactly like a NIP nobody has, so the answer never confirms that it exists.
 */
export function visibleTo(actor: Actor, employees: EmployeeUnit[]): EmployeeUnit[] {
  const units = unitScope(actor.user, 'absences.edit');
  return employees.filter((e) => inScope(units, e.opd_id));
}

export interface AbsencePage {
  rows: AbsenceListRow[];
  page: Page;
}

/** opd users see the absences that concern their own OPD, whatever filter they send. */
export async function listAbsences(db: Db, user: CurrentUser, query: ListQuery, today: string): Promise<AbsencePage> {
  let units = unitScope(user, 'absences.read');
  if (!isNarrowed(units) && query.opd) units = narrowScope(units, (await findOpdByCode(db, query.opd))?.id);
  const filter: AbsenceFilter = { units, status: query.status, date: query.date, q: query.q, show: query.show, today };
  const page = paging(await countAbsences(db, filter), PAGE_SIZE, query.page);
  const rows = await findAbsences(db, filter, page.size, page.offset);
  return { rows, page };
}

export async function registerAbsence(db: Db, actor: Actor, input: AbsenceInput, today: string): Promise<PlannedAbsence> {
  return db.transaction().execute(async (trx) => {
    const [employee] = visibleTo(actor, await findEmployeesByNip(trx, [input.nip], today));
    if (!employee) throw new ValidationError({ nip: isNarrowed(unitScope(actor.user, 'absences.edit')) ? 'absences.errors.not_in_unit' : 'absences.errors.unknown_nip' });
    if ((employee.active_to !== null && employee.active_to < input.start_date) || employee.active_from > input.end_date) {
      throw new ValidationError({ start_date: 'absences.errors.not_in_service' });
    }
    const [clash] = await findActiveRanges(trx, [employee.id], input.start_date, input.end_date);
    if (clash) {
      throw new ValidationError({ start_date: `absences.errors.overlap|${clash.status} ${clash.start_date} – ${clash.end_date}, ${clash.document_ref}` });
    }
    const [row] = await insertAbsences(trx, [
      {
        employee_id: employee.id,
        status: input.status,
        cuti_type: input.cuti_type,
        start_date: input.start_date,
        end_date: input.end_date,
        document_ref: input.document_ref,
        note: input.note,
        created_by: actor.user.id,
        created_at: nowIso(),
      },
    ]);
    await writeAudit(trx, actor, { entity: 'planned_absence', entityId: row.id, action: 'create', opdId: employee.opd_id, after: row });
    return row;
  });
}

/**
 * Cancelling keeps the row (cancelled_at/by), so the roll-calls it pre-filled stay explained.
 * Returns false when it was already cancelled.
 */
export async function cancelAbsence(db: Db, actor: Actor, id: number, today: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await findAbsence(trx, id);
    if (!before) throw new NotFoundError();
    authorize(actor.user, 'absences.edit');
    const units = unitScope(actor.user, 'absences.edit');
    if (units.kind === 'units' && !(await absenceConcernsOpd(trx, id, units.ids))) throw new NotFoundError();
    const at = nowIso();
    if (!(await markCancelled(trx, id, actor.user.id, at))) return false;
    // The audit row goes to the unit that cancelled it, else to the person's unit today.
    const opdId = units.kind === 'units' ? units.ids[0] : await findUnitOfEmployee(trx, before.employee_id, today);
    await writeAudit(trx, actor, {
      entity: 'planned_absence',
      entityId: id,
      action: 'cancel',
      opdId,
      before: { cancelled_at: null },
      after: { cancelled_at: at, cancelled_by: actor.user.id },
    });
    return true;
  });
}
