import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, Database } from '../../db/database';

/** The assignment `a` places its person in the OPD on `date` ([start_date, end_date)). */
function assignedOn(opdId: number, date: string) {
  return (eb: ExpressionBuilder<Database & { a: Database['assignments'] }, 'a'>) =>
    eb.and([eb('a.opd_id', '=', opdId), eb('a.start_date', '<=', date), eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', date)])]);
}

/**
 * People assigned to the OPD on `date` ([start_date, end_date)), in service that day and of a
 * required category, by name (the assignments_opd index: opd_id, start_date).
 */
export function findAssignedPeople(db: Db, opdId: number, date: string, categories: Category[]) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .select(['e.id', 'e.nip', 'e.name', 'e.position', 'e.category'])
    .where(assignedOn(opdId, date))
    .where('e.active_from', '<=', date)
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', date)]))
    .where('e.category', 'in', categories)
    .orderBy('e.name')
    .orderBy('e.nip')
    .execute();
}

/** The uncancelled planned absences covering `date` of the people assigned to the OPD that day. */
export function findCoveringAbsences(db: Db, opdId: number, date: string) {
  return db
    .selectFrom('planned_absences as p')
    .innerJoin('assignments as a', 'a.employee_id', 'p.employee_id')
    .select(['p.id', 'p.employee_id', 'p.status', 'p.cuti_type', 'p.document_ref'])
    .where(assignedOn(opdId, date))
    .where('p.start_date', '<=', date)
    .where('p.end_date', '>=', date)
    .where('p.cancelled_at', 'is', null)
    .orderBy('p.id')
    .execute();
}

/**
 * People of the OPD on `date` with an open flag in the pledge date's year: the roll-call shows
 * them among what needs attention, with their TK count.
 */
export async function findFlaggedPeople(db: Db, opdId: number, date: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('employee_year_stats as s', 's.employee_id', 'a.employee_id')
    .select(['s.employee_id', 's.tk_count'])
    .where(assignedOn(opdId, date))
    .where('s.year', '=', Number(date.slice(0, 4)))
    .where('s.open_flag', '=', 1)
    .execute();
  return new Map(rows.map((r) => [r.employee_id, Number(r.tk_count)]));
}
