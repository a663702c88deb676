import type { Db } from '../../db/connect';

/* The reads behind the employee page's compliance section: one employee, one year, all indexed. */

export function findEmployeeCategory(db: Db, employeeId: number) {
  return db.selectFrom('employees').select(['id', 'nip', 'category', 'active_from', 'active_to']).where('id', '=', employeeId).executeTakeFirst();
}

/** Roll-call rows of the year (index attendance_employee_date). */
export function findAttendanceOfYear(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('attendance')
    .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
    .innerJoin('opds', 'opds.id', 'attendance.opd_id')
    .select([
      'attendance.session_id',
      'attendance.pledge_date',
      'attendance.status',
      'attendance.cuti_type',
      'attendance.note',
      'attendance.planned_absence_id',
      'opds.code as opd_code',
      'opds.name as opd_name',
      'sessions.state as session_state',
    ])
    .where('attendance.employee_id', '=', employeeId)
    .where('attendance.pledge_date', '>=', `${year}-01-01`)
    .where('attendance.pledge_date', '<=', `${year}-12-31`)
    .orderBy('attendance.pledge_date', 'desc')
    .execute();
}

/** Assignments overlapping the year, with their unit ([start_date, end_date), end exclusive). */
export function findAssignmentsOfYear(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('assignments')
    .innerJoin('opds', 'opds.id', 'assignments.opd_id')
    .select(['assignments.start_date', 'assignments.end_date', 'opds.id as opd_id', 'opds.code as opd_code', 'opds.name as opd_name', 'opds.active_from', 'opds.active_to'])
    .where('assignments.employee_id', '=', employeeId)
    .where('assignments.start_date', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('assignments.end_date', 'is', null), eb('assignments.end_date', '>', `${year}-01-01`)]))
    .orderBy('assignments.start_date')
    .execute();
}

export function findPlannedAbsencesOfYear(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('planned_absences')
    .select(['id', 'status', 'cuti_type', 'start_date', 'end_date', 'document_ref', 'note', 'cancelled_at'])
    .where('employee_id', '=', employeeId)
    .where('start_date', '<=', `${year}-12-31`)
    .where('end_date', '>=', `${year}-01-01`)
    .orderBy('start_date', 'desc')
    .execute();
}

export function findYearStats(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('employee_year_stats')
    .select(['tk_count', 'tk_streak', 'max_streak', 'step', 'covered', 'open_flag', 'opd_id'])
    .where('employee_id', '=', employeeId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export function findFollowUps(db: Db, employeeId: number, year: number) {
  return db
    .selectFrom('follow_ups')
    .leftJoin('users', 'users.id', 'follow_ups.created_by')
    .leftJoin('sessions', 'sessions.id', 'follow_ups.session_id')
    .select([
      'follow_ups.id',
      'follow_ups.step',
      'follow_ups.tk_count_covered',
      'follow_ups.letter_number',
      'follow_ups.letter_date',
      'follow_ups.note',
      'follow_ups.new_status',
      'follow_ups.created_at',
      'sessions.pledge_date as excused_date',
      'users.display_name as created_by_name',
    ])
    .where('follow_ups.employee_id', '=', employeeId)
    .where('follow_ups.year', '=', year)
    .orderBy('follow_ups.id', 'desc')
    .execute();
}

/** Years with roll-call figures, for the year links. */
export async function findStatYears(db: Db, employeeId: number): Promise<number[]> {
  const rows = await db.selectFrom('employee_year_stats').select('year').where('employee_id', '=', employeeId).orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}
