/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * Employee accounts. A `pegawai` user stands for one employee (users.employee_id, unique); its
 * unit is not stored on the user but read from the employee's assignment on each request.
 * An employee gets such an account by activating it with a one-time code that hr or the
 * unit's operator handed out: activation_codes keeps the latest code of each employee, only as
 * an HMAC of the NIP and the code, until it is used or expires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  await db.schema
    .alterTable('users')
    .addColumn('employee_id', 'integer', (c) => c.references('employees.id'))
    .execute();
  await db.schema.createIndex('users_employee').on('users').column('employee_id').unique().execute();

  await db.schema
    .createTable('activation_codes')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('employee_id', 'integer', (c) => c.notNull().unique().references('employees.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activation_codes').execute();
  await db.schema.dropIndex('users_employee').execute();
  await db.schema.alterTable('users').dropColumn('employee_id').execute();
}
