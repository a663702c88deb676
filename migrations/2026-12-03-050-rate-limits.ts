/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * The counters of the sign-in, activation and API limits, shared by every app instance on the
 * database (rate-limiter-flexible's SQL stores). The columns are the library's own, in its
 * order (its PostgreSQL insert names no columns): key = prefix and address or name, points
 * used, expire = end of the window in epoch milliseconds. Made here rather than by the
 * library at run time, so the schema is known and versioned; expired rows are deleted by the
 * daily prune job (index on expire).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema.createIndex('rate_limits_expire').on('rate_limits').column('expire').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
