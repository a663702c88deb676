/* eslint-disable @typescript-eslint/no-explicit-any */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * The whole data model (docs/DESIGN.md, "Calendar", "Sessions and the roll-call", "Compliance rules" and "Integration"). Later migrations add behaviour's indexes or columns,
 * not new shapes. Types are portable: text dates and timestamps, 0/1 integer flags.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  const id = (t: CreateTableBuilder<any, any>) =>
    pg
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const real = pg ? 'double precision' : 'real';

  await id(db.schema.createTable('opds'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('opds.id'))
    .addColumn('active_from', 'text', (c) => c.notNull())
    .addColumn('active_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opds_parent').on('opds').column('parent_id').execute();

  await id(db.schema.createTable('employees'))
    .addColumn('nip', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('rank', 'text')
    .addColumn('active_from', 'text', (c) => c.notNull())
    .addColumn('active_to', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('employees_name').on('employees').column('name').execute();

  await id(db.schema.createTable('assignments'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('opd_id', 'integer', (c) => c.notNull().references('opds.id'))
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_opd').on('assignments').columns(['opd_id', 'start_date']).execute();
  await db.schema
    .createIndex('assignments_employee')
    .on('assignments')
    .columns(['employee_id', 'start_date'])
    .execute();

  await id(db.schema.createTable('holidays'))
    .addColumn('date', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('needs_review', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await createUsers(db, id);
  await createSessions(db, id, real);

  await db.schema
    .createTable('attendance')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('opd_id', 'integer', (c) => c.notNull())
    .addColumn('pledge_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cuti_type', 'text')
    .addColumn('note', 'text')
    .addColumn('planned_absence_id', 'integer')
    .addPrimaryKeyConstraint('attendance_pk', ['session_id', 'employee_id'])
    .execute();
  await db.schema
    .createIndex('attendance_employee_date')
    .on('attendance')
    .columns(['employee_id', 'pledge_date'])
    .execute();
  await db.schema
    .createIndex('attendance_date_status')
    .on('attendance')
    .columns(['pledge_date', 'status'])
    .execute();

  await id(db.schema.createTable('planned_absences'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cuti_type', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('document_ref', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_by', 'integer', (c) => c.references('users.id'))
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema
    .createIndex('planned_absences_employee')
    .on('planned_absences')
    .columns(['employee_id', 'start_date'])
    .execute();
  await db.schema
    .createIndex('planned_absences_dates')
    .on('planned_absences')
    .columns(['start_date', 'end_date'])
    .execute();

  await id(db.schema.createTable('correction_requests'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('correction_requests_state')
    .on('correction_requests')
    .columns(['state', 'requested_at'])
    .execute();
  await db.schema.createIndex('correction_requests_session').on('correction_requests').column('session_id').execute();

  await id(db.schema.createTable('follow_ups'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('tk_count_covered', 'integer', (c) => c.notNull())
    .addColumn('letter_number', 'text')
    .addColumn('letter_date', 'text')
    .addColumn('note', 'text')
    .addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
    .addColumn('new_status', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('follow_ups_employee').on('follow_ups').columns(['employee_id', 'year']).execute();

  await db.schema
    .createTable('employee_year_stats')
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('tk_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tk_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pledge_date', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('employee_year_stats_pk', ['employee_id', 'year'])
    .execute();
  await db.schema
    .createIndex('employee_year_stats_year_tk')
    .on('employee_year_stats')
    .columns(['year', 'tk_count'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await createOperational(db, id);
}

async function createUsers(db: Kysely<any>, id: (t: CreateTableBuilder<any, any>) => CreateTableBuilder<any, any>) {
  await id(db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('opd_id', 'integer', (c) => c.references('opds.id'))
    .addColumn('language', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_changed_at', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_opd').on('users').column('opd_id').execute();

  await id(db.schema.createTable('api_tokens'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('opd_id', 'integer', (c) => c.references('opds.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('login_sessions')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_sessions_expires').on('login_sessions').column('expires_at').execute();
  await db.schema.createIndex('login_sessions_user').on('login_sessions').column('user_id').execute();
}

async function createSessions(
  db: Kysely<any>,
  id: (t: CreateTableBuilder<any, any>) => CreateTableBuilder<any, any>,
  real: string,
) {
  let t = id(db.schema.createTable('sessions'))
    .addColumn('opd_id', 'integer', (c) => c.notNull().references('opds.id'))
    .addColumn('pledge_date', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('not_held_kind', 'text')
    .addColumn('not_held_reason', 'text')
    .addColumn('reason_accepted', 'integer')
    .addColumn('mode', 'text')
    .addColumn('start_time', 'text')
    .addColumn('pembina', 'text')
    .addColumn('ikrar_reader', 'text')
    .addColumn('ikrar_version', 'text')
    .addColumn('location', 'text')
    .addColumn('notes', 'text')
    .addColumn('photo_path', 'text')
    .addColumn('photo_mime', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0));
  for (const col of ['expected', 'excused', 'compliant']) {
    t = t.addColumn(`${col}_count`, 'integer', (c) => c.notNull().defaultTo(0));
  }
  for (const s of ['h', 'hd', 'tl', 'dl', 's', 'i', 'c', 'tb', 'tk']) {
    t = t.addColumn(`count_${s}`, 'integer', (c) => c.notNull().defaultTo(0));
  }
  await t
    .addColumn('rate', sql.raw(real) as any)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sessions_opd_date', ['opd_id', 'pledge_date'])
    .execute();
  await db.schema.createIndex('sessions_date').on('sessions').columns(['pledge_date', 'opd_id']).execute();
}

async function createOperational(
  db: Kysely<any>,
  id: (t: CreateTableBuilder<any, any>) => CreateTableBuilder<any, any>,
) {
  await id(db.schema.createTable('notifications'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at']).execute();

  await id(db.schema.createTable('email_outbox'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('email_outbox_due')
    .on('email_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await id(db.schema.createTable('job_runs'))
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('planned_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('job_runs_once', ['job', 'planned_at'])
    .execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('opd_id', 'integer')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_opd').on('audit_log').columns(['opd_id', 'at']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  await id(db.schema.createTable('imports'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('opd_id', 'integer')
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'imports',
    'audit_log',
    'job_runs',
    'email_outbox',
    'notifications',
    'settings',
    'employee_year_stats',
    'follow_ups',
    'correction_requests',
    'planned_absences',
    'attendance',
    'sessions',
    'login_sessions',
    'api_tokens',
    'users',
    'holidays',
    'assignments',
    'employees',
    'opds',
  ];
  for (const t of tables) await db.schema.dropTable(t).execute();
}
