/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * Reads of attendance by employee (the monthly report's employee rows, the yearly TK figures
 * refreshed on every submission, the employee page) went through attendance_employee_date and
 * then fetched each row from the table for its status, unit and session: at province scale the
 * monthly CSV spent most of its time in those 280,000 row fetches (docs/BENCHMARKS.md). The index keeps
 * its name and now carries those columns, so the reads never touch the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attendance_employee_date').execute();
  await db.schema
    .createIndex('attendance_employee_date')
    .on('attendance')
    .columns(['employee_id', 'pledge_date', 'status', 'opd_id', 'session_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attendance_employee_date').execute();
  await db.schema.createIndex('attendance_employee_date').on('attendance').columns(['employee_id', 'pledge_date']).execute();
}
