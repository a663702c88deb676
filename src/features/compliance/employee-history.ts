import type { Db } from '../../db/connect';

export interface EmployeeHistoryRow {
  pledge_date: string;
  status: string;
  cuti_type: string | null;
  note: string | null;
  opd_code: string;
  opd_name: string;
  session_state: string;
}

export interface EmployeeHistory {
  year: number;
  rows: EmployeeHistoryRow[];
  tkCount: number;
  streak: number;
}

/**
 * Every pledge date of a year on which the employee was on a roll-call, with the unit at that
 * time (transfers show as a change of unit). Shown on the employee page.
 */
export async function employeeHistory(db: Db, employeeId: number, year: number): Promise<EmployeeHistory> {
  const rows = await db
    .selectFrom('attendance')
    .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
    .innerJoin('opds', 'opds.id', 'attendance.opd_id')
    .select([
      'attendance.pledge_date',
      'attendance.status',
      'attendance.cuti_type',
      'attendance.note',
      'opds.code as opd_code',
      'opds.name as opd_name',
      'sessions.state as session_state',
    ])
    .where('attendance.employee_id', '=', employeeId)
    .where('attendance.pledge_date', '>=', `${year}-01-01`)
    .where('attendance.pledge_date', '<=', `${year}-12-31`)
    .orderBy('attendance.pledge_date', 'desc')
    .execute();
  const stats = await db
    .selectFrom('employee_year_stats')
    .select(['tk_count', 'tk_streak'])
    .where('employee_id', '=', employeeId)
    .where('year', '=', year)
    .executeTakeFirst();
  return { year, rows, tkCount: stats?.tk_count ?? 0, streak: stats?.tk_streak ?? 0 };
}
