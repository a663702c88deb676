import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations';
import { dialectOfDb } from './connect';
import type { Database } from './database';
import { withStartupLock } from './startup-lock';

/*
 * On PostgreSQL the migration tables live in the connection's current schema, named
 * explicitly: otherwise Kysely's check for them would see another schema's copies
 * (tests run one schema per file in a shared database).
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (dialectOfDb(db) === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0].schema;
  }
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
}

/**
 * Brings the schema up to date; throws with the failing migration's name. Under the start-up
 * lock: Kysely's own migration lock is a no-op on SQLite, so two instances starting at once on
 * a new file both ran the first migration ("table opds already exists"). The one that waited
 * finds every migration applied. (On PostgreSQL Kysely also takes an advisory lock of its own.)
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return withStartupLock(db, () => migrate(db));
}

async function migrate(db: Kysely<Database>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt).map((m) => m.name);
}
