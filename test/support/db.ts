import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { sqliteLockFile } from '../../src/db/startup-lock';

export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDb {
  db: Kysely<Database>;
  /** The DATABASE_URL to give a config (with PostgreSQL, the schema is set separately). */
  url: string;
  /** The DATABASE_URL for a child process: with PostgreSQL it names the schema too. */
  serverUrl: string;
  schema?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a real SQLite file in the temp folder, or a
 * schema of its own in the PostgreSQL named by TEST_DATABASE_URL.
 */
export async function createTestDb(): Promise<TestDb> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  const tag = `${Math.floor(Date.now() / 1000)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  if (!pgUrl) {
    const file = path.join(os.tmpdir(), `ikrar-test-${tag}.db`);
    const db = connect(file);
    await migrateToLatest(db);
    return {
      db,
      url: file,
      serverUrl: file,
      async destroy() {
        await db.destroy();
        for (const f of [file, `${file}-wal`, `${file}-shm`, sqliteLockFile(file)]) fs.rmSync(f, { force: true });
      },
    };
  }
  const schema = `ikrar_t${tag}`;
  const db = await migratedSchema(pgUrl, schema);
  return {
    db,
    url: pgUrl,
    serverUrl: `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    schema,
    async destroy() {
      await db.destroy();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

/*
 * A schema of its own, migrated. In a few full runs on the shared test database the migration of
 * a fresh schema failed before any migration ran: the schema was gone ("schema … does not
 * exist"), or a catalog error named a column of the initial migration's tables ("column
 * \"username\" of relation \"users\" does not exist") while other test files created and dropped
 * their schemas. The schema is then dropped and made again, once, so a set-up hiccup of the
 * shared server does not fail a whole test file; a migration that really fails fails twice.
 */
async function migratedSchema(pgUrl: string, schema: string, attempt = 1): Promise<Kysely<Database>> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  if (attempt > 1) await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.query(`create schema if not exists "${schema}"`);
  await admin.end();
  const db = connect(pgUrl, { schema, poolSize: 4 });
  try {
    await migrateToLatest(db);
    return db;
  } catch (err) {
    await db.destroy();
    if (attempt > 1 || !/does not exist/.test((err as Error).message)) throw err;
    return migratedSchema(pgUrl, schema, attempt + 1);
  }
}

/** A second connection to the same test database: what another app instance would hold. */
export function secondConnection(testDb: TestDb): Kysely<Database> {
  return connect(testDb.url, testDb.schema ? { schema: testDb.schema, poolSize: 4 } : {});
}
