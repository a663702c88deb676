/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * The integrity pact signed online, and employee cards.
 * pacts: a text an administrator publishes for a period (dates, inclusive); closed_at ends it
 * early. pact_signatures: one per employee and pact, with what makes it evidence: when, from
 * which address and browser, the employee's unit at that moment and a SHA-256 of the text.
 * employee_cards: the version of each employee's card (no row: version 1); raising it makes
 * every card printed before invalid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('pacts')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pact_signatures')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('pact_id', 'integer', (c) => c.notNull().references('pacts.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('opd_id', 'integer', (c) => c.references('opds.id'))
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('text_sha256', 'text', (c) => c.notNull())
    .execute();
  // Once per employee and pact; the index also serves the per-unit counts (pact first).
  await db.schema.createIndex('pact_signatures_once').on('pact_signatures').columns(['pact_id', 'employee_id']).unique().execute();

  await db.schema
    .createTable('employee_cards')
    .addColumn('employee_id', 'integer', (c) => c.primaryKey().references('employees.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reissued_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reissued_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('employee_cards').execute();
  await db.schema.dropTable('pact_signatures').execute();
  await db.schema.dropTable('pacts').execute();
}
