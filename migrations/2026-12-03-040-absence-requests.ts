/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * An employee's own request for izin, sakit, dinas luar or cuti over a date range, decided by
 * their unit's operator or hr. The letter that supports it is kept in the database itself
 * (request_files: BLOB on SQLite, bytea on PostgreSQL), not on disk, so a backup holds it and
 * any instance behind the same database can serve it. opd_id is the unit the employee worked in
 * when filing: that unit's operator decides. An approval creates a planned absence and points
 * to it (planned_absence_id).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('absence_requests')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('opd_id', 'integer', (c) => c.notNull().references('opds.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cuti_type', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('letter_ref', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('planned_absence_id', 'integer', (c) => c.references('planned_absences.id'))
    .execute();
  await db.schema.createIndex('absence_requests_employee').on('absence_requests').columns(['employee_id', 'start_date']).execute();
  await db.schema.createIndex('absence_requests_unit_state').on('absence_requests').columns(['opd_id', 'state']).execute();

  await db.schema
    .createTable('request_files')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('request_id', 'integer', (c) => c.notNull().unique().references('absence_requests.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_files').execute();
  await db.schema.dropTable('absence_requests').execute();
}
