import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOfDb, type Db } from './connect';
import type { Database } from './database';

/*
 * Group commit for small writes that arrive together by the thousand (the 07:30 check-in burst,
 * docs/BENCHMARKS.md, "Check-in burst").
 *
 * On SQLite every commit waits for an fsync of the WAL (synchronous=FULL, src/db/connect.ts),
 * 6-8 ms on the bench machine's virtual disk, and better-sqlite3 waits synchronously, holding the
 * event loop: one commit per check-in capped the whole process at about 140 a second, whatever
 * the CPU. Here, the pieces of work queued while a batch runs, or in the same turn of the event
 * loop, run together in one transaction, each under a savepoint of its own so that a piece that
 * fails is undone alone and only its caller sees the error. Every promise settles after the one
 * commit: nothing is acknowledged before it is on disk, as with a commit per piece.
 *
 * PostgreSQL already shares one WAL flush among the commits that wait at the same time, and a
 * piece there keeps a pooled connection and a transaction of its own.
 */
export type Work<T> = (trx: Transaction<Database>) => Promise<T>;

export interface GroupCommit {
  /** Runs `work` in a transaction (shared on SQLite) and resolves once it is committed. */
  run<T>(work: Work<T>): Promise<T>;
}

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** A batch stays small enough that its transaction never holds the database for long. */
const MAX_BATCH = 200;

const groups = new WeakMap<Kysely<Database>, GroupCommit>();

/** The group commit of a database (one per Kysely instance: SQLite has one connection to share). */
export function groupCommit(db: Kysely<Database>): GroupCommit {
  let group = groups.get(db);
  if (!group) {
    group = dialectOfDb(db) === 'postgres' ? { run: (work) => db.transaction().execute(work) } : sqliteGroup(db);
    groups.set(db, group);
  }
  return group;
}

function sqliteGroup(db: Kysely<Database>): GroupCommit {
  let queue: Job[] = [];
  let scheduled = false;

  async function runBatch(batch: Job[]): Promise<void> {
    const outcomes: (() => void)[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const job of batch) {
          await sql`savepoint piece`.execute(trx);
          try {
            const value = await job.work(trx);
            await sql`release piece`.execute(trx);
            outcomes.push(() => job.resolve(value));
          } catch (err) {
            await sql`rollback to piece`.execute(trx);
            await sql`release piece`.execute(trx);
            outcomes.push(() => job.reject(err));
          }
        }
      });
    } catch (err) {
      // The commit (or the transaction itself) failed: nothing of the batch was kept.
      for (const job of batch) job.reject(err);
      return;
    }
    for (const settle of outcomes) settle();
  }

  async function flush(): Promise<void> {
    while (queue.length) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      await runBatch(batch);
    }
    scheduled = false;
  }

  return {
    run<T>(work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          // After the I/O of this turn: the requests that arrived together join one batch.
          setImmediate(() => void flush());
        }
      });
    },
  };
}

/**
 * `write`, one statement on the handle it is given, committed with the writes that arrive with
 * it: through the group commit on SQLite; on PostgreSQL as it is, committing by itself, which
 * spares the BEGIN and COMMIT round trips of a transaction per piece (PostgreSQL shares the WAL
 * flush among commits that wait together in any case). A piece of several statements that must
 * stand or fall together uses commitTogether.
 */
export function commitStatement<T>(db: Db, write: (db: Db) => Promise<T>): Promise<T> {
  return db.isTransaction || dialectOfDb(db) === 'sqlite' ? commitTogether(db, write) : write(db);
}

/** `work` in the caller's transaction when `db` is one, else through the group commit of `db`. */
export function commitTogether<T>(db: Db, work: Work<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : groupCommit(db as Kysely<Database>).run(work);
}
