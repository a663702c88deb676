/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * Employee flags read from the rollup, not from attendance (docs/DESIGN.md, "Compliance rules", dashboard at province
 * scale): the unit of the last roll-call of the year, the recommended step under the ladder in
 * force, the TK count covered by the latest follow-up, and whether the flag is open. The index
 * lets the dashboard count open flags per OPD from the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('employee_year_stats').addColumn('opd_id', 'integer').execute();
  await db.schema.alterTable('employee_year_stats').addColumn('step', 'text').execute();
  await db.schema
    .alterTable('employee_year_stats')
    .addColumn('covered', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('employee_year_stats')
    .addColumn('open_flag', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('employee_year_stats_open')
    .on('employee_year_stats')
    .columns(['year', 'open_flag', 'opd_id'])
    .execute();
  await db.schema
    .createIndex('employee_year_stats_opd')
    .on('employee_year_stats')
    .columns(['opd_id', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('employee_year_stats_opd').execute();
  await db.schema.dropIndex('employee_year_stats_open').execute();
  for (const c of ['open_flag', 'covered', 'step', 'opd_id']) {
    await db.schema.alterTable('employee_year_stats').dropColumn(c).execute();
  }
}
