import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { rawConnectionOf } from './connect';
import type { Database } from './database';

/*
 * Several instances may start at the same moment on one database (processes behind a proxy,
 * two during a restart). What they do first, bring the schema up to date and fill an empty
 * database with the demo, must happen once: the work runs under a lock all of them share,
 * and each looks again, inside it, at what is left to do.
 *
 * PostgreSQL: a session advisory lock, keyed by the schema (tests share one database, a schema
 * each), held on one pooled connection while the work uses the others.
 *
 * SQLite: the write lock (BEGIN IMMEDIATE) of a small companion database next to the data file.
 * The data file's own write lock would shut out the very work it guards, which runs on the
 * app's connection. SQLite's locks are the operating system's file locks, so a process that
 * dies lets go at once: no stale lock to detect or clean up, unlike a lock file. The wait
 * blocks the starting process (better-sqlite3 is synchronous), which has nothing else to do.
 */

/** Long enough for the demo seed of another instance on a slow disk. */
const WAIT_MS = 10 * 60_000;

/** The companion file holding the SQLite start-up lock. */
export function sqliteLockFile(dataFile: string): string {
  return `${dataFile}.start-lock`;
}

export async function withStartupLock<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const raw = rawConnectionOf(db);
  if (raw.dialect === 'postgres') {
    return db.connection().execute(async (conn) => {
      const key = sql`hashtext('ikrar-startup:' || current_schema())`;
      await sql`select pg_advisory_lock(${key})`.execute(conn);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(conn);
      }
    });
  }
  if (raw.file === ':memory:' || raw.file === '') return work(); // nobody else can open it
  return inTurn(path.resolve(raw.file), async () => {
    const lock = new SQLite(sqliteLockFile(raw.file), { timeout: WAIT_MS });
    try {
      lock.exec('begin immediate');
      return await work();
    } finally {
      if (lock.inTransaction) lock.exec('rollback');
      lock.close();
    }
  });
}

/*
 * Holders in this process queue here first: SQLite's wait would block the event loop, so a
 * second holder in the same process would wait for a first that can never finish.
 */
const queues = new Map<string, Promise<unknown>>();

async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  const tail = mine.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await mine;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}
