/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * Migration 070's search index (name, nip, active_to) lost what the plain name index gave for
 * free on SQLite, the row id after the name: the monthly report walks employees in (name, id)
 * order 1,000 at a time and had to sort each page again (6 -> 15-40 ms a page; docs/BENCHMARKS.md). With
 * the id second the index serves that order and still covers the employee search.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('employees_name').on('employees').columns(['name', 'id', 'nip', 'active_to']).execute();
  await db.schema.dropIndex('employees_search').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('employees_search').on('employees').columns(['name', 'nip', 'active_to']).execute();
  await db.schema.dropIndex('employees_name').execute();
}
