/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * The verified share (docs/DESIGN.md, "Employees, check-in and events"): per session, how many
 * of its Hadir and Terlambat rows are backed by a check-in that was not rejected and is not
 * waiting for review. Stored with the other totals by the attendance writer and the rollup
 * rebuild, so the dashboard sums a column instead of joining attendance to check_ins.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('count_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('count_verified').execute();
}
