import type { Employee, Opd } from '../../db/database';
import { addDays, isActiveOn } from '../../lib/calendar';
import { formatNip } from '../../lib/nip';
import type { AssignmentRow } from './assignments.repository';
import type { EmployeeListRow } from './employees.repository';

export function presentListRow(row: EmployeeListRow, today: string) {
  return {
    nip: row.nip,
    nipDisplay: formatNip(row.nip),
    name: row.name,
    category: row.category,
    position: row.position,
    opdCode: row.opd_code,
    opdName: row.opd_name,
    inactive: row.active_to !== null && row.active_to < today,
  };
}

/** Assignment periods as people read them: the last day in the unit, not the exclusive end. */
export function presentAssignments(rows: AssignmentRow[], today: string) {
  return rows
    .map((a) => ({
      opdCode: a.opd_code,
      opdName: a.opd_name,
      startDate: a.start_date,
      lastDay: a.end_date === null ? null : addDays(a.end_date, -1),
      current: a.start_date <= today && (a.end_date === null || a.end_date > today),
      future: a.start_date > today,
    }))
    .reverse();
}

export function presentEmployee(e: Employee, today: string) {
  return { ...e, nipDisplay: formatNip(e.nip), inService: isActiveOn(e, today) };
}

/** The edit form's initial values. */
export function employeeForm(e: Employee): Record<string, string> {
  return {
    nip: e.nip,
    name: e.name,
    gender: e.gender,
    category: e.category,
    position: e.position ?? '',
    rank: e.rank ?? '',
  };
}

/** Units someone can still be placed in (not closed before `date`); the service checks the exact day. */
export function opdOptions(opds: Opd[], date: string, exceptId?: number) {
  return opds
    .filter((o) => (o.active_to === null || o.active_to >= date) && o.id !== exceptId)
    .map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }));
}
