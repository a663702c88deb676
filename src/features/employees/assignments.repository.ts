import type { Db } from '../../db/connect';

export interface AssignmentRow {
  id: number;
  opd_id: number;
  opd_code: string;
  opd_name: string;
  start_date: string;
  /** Exclusive: the day the person starts in the next unit. */
  end_date: string | null;
}

/** An employee's units over time, oldest first. */
export function findAssignments(db: Db, employeeId: number): Promise<AssignmentRow[]> {
  return db
    .selectFrom('assignments as a')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['a.id', 'a.opd_id', 'o.code as opd_code', 'o.name as opd_name', 'a.start_date', 'a.end_date'])
    .where('a.employee_id', '=', employeeId)
    .orderBy('a.start_date')
    .orderBy('a.id')
    .execute();
}

export async function insertAssignment(
  db: Db,
  row: { employee_id: number; opd_id: number; start_date: string; created_at: string },
): Promise<void> {
  await db.insertInto('assignments').values({ ...row, end_date: null }).execute();
}

export async function closeAssignment(db: Db, id: number, endDate: string): Promise<void> {
  await db.updateTable('assignments').set({ end_date: endDate }).where('id', '=', id).execute();
}

/**
 * Who belongs to a unit on a date: assigned to it that day ([start_date, end_date)) and in
 * service (active_to is the last day, inclusive). The roll-call adds its category rules on top.
 */
export async function employeeIdsInOpdOn(db: Db, opdId: number, date: string): Promise<number[]> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .select('e.id')
    .where('a.opd_id', '=', opdId)
    .where('a.start_date', '<=', date)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', date)]))
    .where('e.active_from', '<=', date)
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', date)]))
    .orderBy('e.id')
    .execute();
  return rows.map((r) => r.id);
}
