import type { Kysely } from 'kysely';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import { rawConnectionOf, type Db } from './connect';
import type { Database } from './database';
import { groupCommit } from './group-commit';

/*
 * Where the sign-in, activation and API limits keep their counts. In the database, so every
 * app instance on it (several processes behind a proxy, or two during a restart) enforces one
 * limit, not one each. rate-limiter-flexible's own SQL stores do the counting, on the table our
 * migration made (rate_limits); the memory store stays for unit tests.
 */

/** What the limiters use of a rate-limiter-flexible limiter. */
export interface Counter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  reward(key: string, points?: number): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  delete(key: string): Promise<boolean>;
  /**
   * consume(), on SQLite inside the transaction `db` when it is one (the group commit's: the
   * count and the write it guards share one commit); otherwise as consume() does.
   */
  consumeWithin(db: Db, key: string): Promise<RateLimiterRes>;
}

export interface CounterOptions {
  /** Keeps one limit's keys apart from another's in the shared table. */
  keyPrefix: string;
  points: number;
  /** The window in seconds. */
  duration: number;
}

export type Counters = (opts: CounterOptions) => Counter;

export const TABLE = 'rate_limits';

/** Counts kept by this process alone. */
export const memoryCounters: Counters = (opts) => {
  const limiter = new RateLimiterMemory(opts);
  return Object.assign(limiter, { consumeWithin: (_db: Db, key: string) => limiter.consume(key) });
};

/**
 * Counts kept in the database `db` was opened on (connect()). Expired rows are deleted by the
 * daily prune job (deleteExpiredRateLimits), not by the library's timer in every instance.
 */
export function databaseCounters(db: Kysely<Database>): Counters {
  const raw = rawConnectionOf(db);
  const common = { tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
  if (raw.dialect === 'postgres') {
    // On a pool of their own (src/db/connect.ts): a count made inside a transaction neither
    // waits for the transaction's pool nor is undone with the transaction.
    return (opts) => {
      const limiter = new RateLimiterPostgres({ ...opts, ...common, storeClient: raw.countersPool(), storeType: 'pool' });
      return Object.assign(limiter, { consumeWithin: (_db: Db, key: string) => limiter.consume(key) });
    };
  }
  // The library prepares its statement on every count; through the cache a check-in's count
  // reuses it (about 2% of the 07:30 burst's time, docs/BENCHMARKS.md).
  const client = { prepare: raw.prepare, transaction: <F extends (...args: never[]) => unknown>(fn: F) => raw.sqlite.transaction(fn) };
  return (opts) => onKyselyConnection(db, new RateLimiterSQLite({ ...opts, ...common, storeClient: client, storeType: 'better-sqlite3' }));
}

/*
 * The SQLite store writes through the same better-sqlite3 handle Kysely uses. Each of its calls
 * runs while it holds Kysely's connection, as a query would: otherwise a count made while
 * another request's transaction is open (awaiting something between its statements) would
 * become part of that transaction, and vanish with its rollback.
 */
function onKyselyConnection(db: Kysely<Database>, limiter: Omit<Counter, 'consumeWithin'>): Counter {
  const held = <T>(fn: () => Promise<T>): Promise<T> => db.connection().execute(fn);
  // A count is a commit of its own, an fsync: counts made at the same moment (the check-in
  // burst, a wave of sign-ins) share one through the group commit, whose transaction holds the
  // connection as `held` does (the store's own transaction becomes a savepoint in it). A refusal
  // leaves the transaction as a value, so the count that made it is kept as before.
  const group = groupCommit(db);
  const write = async <T>(fn: () => Promise<T>): Promise<T> => {
    const outcome = await group.run(async () => {
      try {
        return { value: await fn() };
      } catch (err) {
        if (err instanceof RateLimiterRes) return { refused: err };
        throw err;
      }
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.value;
  };
  return {
    consume: (key, points) => write(() => limiter.consume(key, points)),
    reward: (key, points) => write(() => limiter.reward(key, points)),
    get: (key) => held(() => limiter.get(key)),
    delete: (key) => write(() => limiter.delete(key)),
    // Inside a transaction the connection is already held: the count joins it.
    consumeWithin: (trx, key) => (trx.isTransaction ? limiter.consume(key) : write(() => limiter.consume(key))),
  };
}

/** Deletes the counters whose window ended before `beforeMs` (epoch milliseconds). */
export async function deleteExpiredRateLimits(db: Kysely<Database>, beforeMs: number): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('expire', '<', beforeMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
