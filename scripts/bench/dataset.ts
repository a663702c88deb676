import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { dialectOf } from '../../src/config';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { generateDemo, type DemoSummary } from '../../src/features/demo/seed';
import type { Dataset } from './results';

export const DATA_DIR = path.resolve(__dirname, '../../bench/data');

export interface Size {
  employees: number;
  opds: number;
  weeks: number;
}

export const PROVINCE: Size = { employees: 63_000, opds: 100, weeks: 104 };

/** What the bench needs to know about a generated dataset; kept in a JSON file beside it. */
interface Meta {
  size: Size;
  summary: DemoSummary;
  generatedAt: string;
  largestOpd: { code: string; people: number };
}

export interface Prepared {
  /** Pledge dates in the window (Mondays without a holiday). */
  pledgeDates: number;
  /** The database the server runs on: a throwaway copy, so the bench's writes never pile up. */
  url: string;
  dataset: Dataset;
  generationS: number;
  reused: boolean;
  largestOpd: Meta['largestOpd'];
  drop(): Promise<void>;
}

const same = (a: Size, b: Size) => a.employees === b.employees && a.opds === b.opds && a.weeks === b.weeks;

/** `weeks` is the window asked for (two years: 104); holiday Mondays leave fewer pledge dates. */
function datasetOf(meta: Meta, dialect: Dataset['dialect']): Dataset {
  const s = meta.summary;
  return { employees: s.employees, opds: s.opds, weeks: meta.size.weeks, attendance_rows: s.attendanceRows, dialect };
}

/** Generates into an empty database (timed), then records the largest unit for the roll-call. */
async function generate(db: Kysely<Database>, size: Size, timezone: string, log: (s: string) => void): Promise<Meta> {
  await migrateToLatest(db);
  log(`generating ${size.employees} employees, ${size.opds} OPDs, ${size.weeks} weeks…`);
  const summary = await generateDemo(db, timezone, size);
  log(`generated ${summary.attendanceRows} attendance rows in ${(summary.ms / 1000).toFixed(1)} s`);
  return { size, summary, generatedAt: new Date().toISOString(), largestOpd: await largestOpd(db) };
}

async function largestOpd(db: Kysely<Database>): Promise<Meta['largestOpd']> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .where('a.end_date', 'is', null)
    .groupBy('o.code')
    .select(['o.code', (eb) => eb.fn.countAll<number>().as('people')])
    .orderBy('people', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { code: row.code, people: Number(row.people) };
}

function readMeta(file: string): Meta | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Meta;
  } catch {
    return null;
  }
}

/** bench/data/province-sqlite.db for the province, a name with the size for other runs. */
export async function prepareSqlite(size: Size, timezone: string, log: (s: string) => void): Promise<Prepared> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const name = same(size, PROVINCE) ? 'province' : `e${size.employees}-o${size.opds}-w${size.weeks}`;
  const file = path.join(DATA_DIR, `${name}-sqlite.db`);
  const metaFile = `${file}.json`;
  let meta = readMeta(metaFile);
  const reused = !!meta && same(meta.size, size) && fs.existsSync(file);
  const db = connect(file);
  try {
    if (!reused) {
      await db.destroy();
      for (const f of [file, `${file}-wal`, `${file}-shm`, metaFile]) fs.rmSync(f, { force: true });
      const fresh = connect(file);
      try {
        meta = await generate(fresh, size, timezone, log);
      } finally {
        await fresh.destroy();
      }
      fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    } else {
      log(`reusing ${path.relative(process.cwd(), file)} (generated ${meta!.generatedAt})`);
      await migrateToLatest(db); // migrations added since: applied once, to the original
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
    }
  } finally {
    await db.destroy().catch(() => undefined);
  }
  const run = path.join(DATA_DIR, 'run-sqlite.db');
  const clean = () => {
    for (const f of [run, `${run}-wal`, `${run}-shm`]) fs.rmSync(f, { force: true });
  };
  clean();
  fs.copyFileSync(file, run);
  return { url: run, pledgeDates: meta!.summary.weeks, dataset: datasetOf(meta!, 'sqlite'), generationS: meta!.summary.ms / 1000, reused, largestOpd: meta!.largestOpd, drop: async () => clean() };
}

/** Runs one statement on another database of the same server (CREATE/DROP DATABASE). */
async function onServer(url: string, database: string, statement: string): Promise<pg.QueryResult> {
  const u = new URL(url);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The database named in the URL holds the generated dataset: created when absent, generated
 * into when empty, reused when it holds a bench dataset of this size, refused otherwise.
 * The server then runs on `<name>_run`, a copy made with CREATE DATABASE … TEMPLATE.
 */
export async function preparePostgres(url: string, size: Size, timezone: string, log: (s: string) => void): Promise<Prepared> {
  if (dialectOf(url) !== 'postgres') throw new Error(`not a postgres:// URL: ${url}`);
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`use a plain lower-case database name, not ${name}`);
  const exists = await onServer(url, 'postgres', `select 1 from pg_database where datname = '${name}'`);
  if (!exists.rowCount) {
    log(`creating database ${name}`);
    await onServer(url, 'postgres', `create database "${name}"`);
  }
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const metaFile = path.join(DATA_DIR, `postgres-${u.hostname}-${u.port || 5432}-${name}.json`);
  let meta = readMeta(metaFile);
  const db = connect(url);
  try {
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'users'`.execute(db);
    const hasUsers = tables.rows[0].n > 0 && !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
    const count = hasUsers ? Number((await db.selectFrom('employees').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
    const reused = hasUsers && !!meta && same(meta.size, size) && count === meta.summary.employees;
    if (hasUsers && !reused) throw new Error(`database ${name} is not empty and holds no bench dataset of this size: drop it (dropdb ${name}) or name another`);
    if (!reused) {
      meta = await generate(db, size, timezone, log);
      // Autovacuum would do this shortly after a bulk load: statistics for the planner, and the
      // visibility map without which index-only scans still read every row from the table.
      log('vacuum analyze, as autovacuum would after a bulk load…');
      await sql`vacuum analyze`.execute(db);
      fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    } else {
      log(`reusing database ${name} (generated ${meta!.generatedAt})`);
      await migrateToLatest(db);
    }
    await db.destroy();
    const runName = `${name}_run`;
    await onServer(url, 'postgres', `drop database if exists "${runName}"`);
    log(`copying ${name} to ${runName}`);
    await onServer(url, 'postgres', `create database "${runName}" template "${name}"`);
    const runUrl = new URL(url);
    runUrl.pathname = `/${runName}`;
    return {
      url: runUrl.toString(),
      pledgeDates: meta!.summary.weeks,
      dataset: datasetOf(meta!, 'postgres'),
      generationS: meta!.summary.ms / 1000,
      reused,
      largestOpd: meta!.largestOpd,
      drop: async () => void (await onServer(url, 'postgres', `drop database if exists "${runName}"`)),
    };
  } finally {
    await db.destroy().catch(() => undefined);
  }
}
