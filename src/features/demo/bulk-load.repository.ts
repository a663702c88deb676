import { sql, type Kysely } from 'kysely';
import { dialectOfDb, type Db } from '../../db/connect';
import type { Database } from '../../db/database';

/*
 * What a bulk load of millions of attendance rows needs from each database, only while the
 * demo generator runs (docs/BENCHMARKS.md: the province is generated in about a minute).
 */

/**
 * SQLite: the attendance indexes of a province (millions of rows, inserted date by date, so
 * randomly by employee) outgrow the connection's 64 MB page cache, and every batch then re-read
 * index pages from the operating system: a quarter of the generation time. The cache may grow
 * to 1 GB while generating and is put back afterwards.
 */
export async function widenSqliteCache(db: Kysely<Database>): Promise<() => Promise<void>> {
  if (dialectOfDb(db) !== 'sqlite') return async () => undefined;
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  const previous = Number(rows[0]?.cache_size ?? -65536);
  await sql`pragma cache_size = -1048576`.execute(db);
  return async () => void (await sql.raw(`pragma cache_size = ${Math.trunc(previous)}`).execute(db));
}

/**
 * PostgreSQL checks a foreign key row by row, looking up and locking the referenced session and
 * employee for every attendance row: most of the server's work in generating a province. Inside
 * the generator's transaction the attendance foreign keys are dropped and then added back
 * exactly as they were (pg_get_constraintdef), which checks all rows in one join. A failure
 * rolls the whole transaction back, constraints included. SQLite is left alone: its
 * foreign_keys pragma cannot change inside a transaction, and its checks are cheap.
 */
export async function deferAttendanceForeignKeys(trx: Db): Promise<() => Promise<void>> {
  if (dialectOfDb(trx) !== 'postgres') return async () => undefined;
  const { rows } = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where contype = 'f' and conrelid = 'attendance'::regclass order by conname`.execute(trx);
  for (const c of rows) await sql`alter table attendance drop constraint ${sql.id(c.name)}`.execute(trx);
  return async () => {
    for (const c of rows) await sql`alter table attendance add constraint ${sql.id(c.name)} ${sql.raw(c.def)}`.execute(trx);
  };
}
