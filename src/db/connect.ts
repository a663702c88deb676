import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, type SqliteDatabase, type Transaction } from 'kysely';
import { dialectOf } from '../config';
import type { Database } from './database';
import { ImmediateSqliteDialect, SafeRollbackPostgresDialect } from './drivers';

/** What services take first: the database or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

// pg returns int8 (COUNT, SUM) and NUMERIC (AVG) as strings to avoid precision loss; our counts
// and rates are far inside double range, so parse them as numbers once, here.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface ConnectOptions {
  /** PostgreSQL only: the schema to work in (tests use one per worker). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL only: told of a connection that broke outside a query (server restart, killed backend). */
  onConnectionError?: (err: Error) => void;
}

/**
 * What lies under a Kysely instance made by connect(): libraries that speak to the database
 * themselves (the rate limiter's stores) and the start-up lock use it.
 */
export type RawConnection =
  | {
      dialect: 'sqlite';
      sqlite: SQLite.Database;
      file: string;
      /** sqlite.prepare through the statement cache Kysely's queries use (withStatementCache). */
      prepare: (sql: string) => SQLite.Statement;
    }
  | {
      dialect: 'postgres';
      pool: pg.Pool;
      /**
       * A small pool of its own for the rate limits' counts: a count made inside a transaction
       * (the check-in's) would otherwise wait for a connection of the pool whose connections
       * are all held by transactions waiting for their counts, and never get one.
       */
      countersPool: () => pg.Pool;
    };

const raws = new WeakMap<Kysely<Database>, RawConnection>();
/** A count is one short statement: a few connections serve every limit of an instance. */
const COUNTERS_POOL_SIZE = 3;

export function connect(databaseUrl: string, options: ConnectOptions = {}): Kysely<Database> {
  if (dialectOf(databaseUrl) === 'postgres') {
    const pool = openPool(databaseUrl, options);
    let counters: pg.Pool | undefined;
    const db = new Kysely<Database>({ dialect: new SafeRollbackPostgresDialect({ pool }, async () => void (await counters?.end())) });
    raws.set(db, { dialect: 'postgres', pool, countersPool: () => (counters ??= openPool(databaseUrl, { ...options, poolSize: COUNTERS_POOL_SIZE })) });
    return db;
  }
  const sqlite = openSqlite(databaseUrl);
  const cached = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cached }, sqlite) });
  raws.set(db, { dialect: 'sqlite', sqlite, file: databaseUrl, prepare: (sql) => cached.prepare(sql) as SQLite.Statement });
  return db;
}

/** The pool or SQLite handle under `db`; only for a Kysely instance made by connect(). */
export function rawConnectionOf(db: Kysely<Database>): RawConnection {
  const raw = raws.get(db);
  if (!raw) throw new Error('rawConnectionOf: this Kysely instance was not made by connect()');
  return raw;
}

/**
 * A pg pool that survives the server going away. pg emits 'error' on the pool (idle client) or
 * on the client (checked out, between queries) when a connection breaks; an 'error' event
 * nobody listens to ends the Node process, so a PostgreSQL restart used to kill the app. The
 * broken client is dropped and the next query opens a new connection, so the app recovers by
 * itself once the server is back; meanwhile requests fail fast and answer 503.
 */
function openPool(databaseUrl: string, options: ConnectOptions): pg.Pool {
  const report = options.onConnectionError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
    // An unreachable host would otherwise hold a request for the OS's TCP timeout (minutes).
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL (the default) keeps every acknowledged commit across a power cut, not only a crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing costs more than running
 * the small indexed queries of a page (session, user, unread count: docs/BENCHMARKS.md). Statements are
 * kept by their SQL text, except long ones (multi-row inserts, whose text changes with the row
 * count), and a statement still busy in a stream (iterate) is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database, max = 300): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = sqlite.prepare(sql);
      if (sql.length <= 4000) {
        cache.delete(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOfDb(db: Db | Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
