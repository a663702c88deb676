/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * The employee list's search (a name anywhere in the name, or a NIP prefix) reads every name:
 * through the name index alone it looked up each table row on the way, 55,000 lookups for a
 * common name at province scale (docs/BENCHMARKS.md). An index of (name, nip, active_to) answers the
 * filter, the status and the name order without the table; it replaces the name-only index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('employees_search').on('employees').columns(['name', 'nip', 'active_to']).execute();
  await db.schema.dropIndex('employees_name').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('employees_name').on('employees').column('name').execute();
  await db.schema.dropIndex('employees_search').execute();
}
