import pg from 'pg';
import { openProcessRegistry } from './processes';

/**
 * Opens the list of server processes the tests start (checked by global-teardown.ts), says
 * which dialect runs, fails fast when the PostgreSQL named by TEST_DATABASE_URL is down, and
 * drops schemas left behind by test runs that crashed hours ago.
 */
export default async function globalSetup(): Promise<void> {
  openProcessRegistry();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('\nRunning the suites on SQLite (set TEST_DATABASE_URL=postgres://… for PostgreSQL)');
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL at TEST_DATABASE_URL cannot be reached: ${(err as Error).message}`);
  }
  const { rows } = await client.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname like 'ikrar_t%'",
  );
  const cutoff = Math.floor(Date.now() / 1000) - 3 * 3600;
  for (const { nspname } of rows) {
    const [, started, pid] = /^ikrar_t(\d+)_(\d+)_/.exec(nspname) ?? [];
    // A schema whose test process still runs is in use, however old its name says it is.
    if (Number(started ?? 0) < cutoff && !isAlive(Number(pid))) await client.query(`drop schema if exists "${nspname}" cascade`);
  }
  const { rows: v } = await client.query<{ server_version: string }>('show server_version');
  console.log(`\nRunning the suites on PostgreSQL ${v[0].server_version}`);
  await client.end();
}

function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
