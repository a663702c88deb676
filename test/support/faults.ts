import { Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import type { Database } from '../../src/db/database';

/*
 * Faults on demand for the tests: a SQLite database that is really full (SQLITE_FULL from
 * SQLite itself, through PRAGMA max_page_count on the test's own connection) and a logger whose
 * lines the test can read.
 */

async function pragma(db: Kysely<Database>, name: string): Promise<number> {
  const { rows } = await sql.raw(`pragma ${name}`).execute(db);
  return Number(Object.values(rows[0] as object)[0]);
}

/**
 * Caps the database at its current size and uses up the free pages and the room left in the
 * filler table, so any write that needs a new page fails with SQLITE_FULL. Only this
 * connection sees the cap (max_page_count is per connection); `unfill` lifts it.
 */
export async function fillSqlite(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists test_filler (v blob)`.execute(db);
  await sql.raw(`pragma max_page_count = ${await pragma(db, 'page_count')}`).execute(db);
  for (const size of [65536, 4096, 512, 64, 8, 1]) {
    for (;;) {
      try {
        await sql`insert into test_filler (v) values (randomblob(${size}))`.execute(db);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_FULL') break;
        throw err;
      }
    }
  }
  if ((await pragma(db, 'freelist_count')) !== 0) throw new Error('free pages left after filling');
}

export async function unfillSqlite(db: Kysely<Database>): Promise<void> {
  await sql`drop table if exists test_filler`.execute(db).catch(() => {});
  await sql.raw('pragma max_page_count = 1073741823').execute(db);
}

export interface CapturedLog {
  logger: pino.Logger;
  lines: () => string;
}

export function captureLogger(): CapturedLog {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines: () => out };
}
