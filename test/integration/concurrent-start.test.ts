import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { DEMO_DEFAULT } from '../../src/features/demo/seed';
import { OFFICIAL_HOLIDAYS } from '../../src/features/holidays/official';
import { migrations } from '../../migrations';
import { TEST_DIALECT } from '../support/db';
import { startServer, tempDbFile, type RunningServer } from '../support/server';

/*
 * Three instances starting at the same moment on a new database, demo on: before the start-up
 * lock, on SQLite the second failed in the first migration ("table opds already exists") and on
 * PostgreSQL it crashed in the demo seed (a duplicate holiday). Now all three serve, and the
 * migrations and the demo were each applied once.
 */
interface FreshDatabase {
  /** DATABASE_URL for the servers. */
  url: string;
  open(): Kysely<Database>;
  remove(): Promise<void>;
}

async function freshDatabase(): Promise<FreshDatabase> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (TEST_DIALECT === 'sqlite' || !pgUrl) {
    const file = tempDbFile('concurrent-start');
    return { url: file, open: () => connect(file), remove: async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }) };
  }
  // An empty schema of its own: the servers' migrations create everything in it.
  const schema = `ikrar_start_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`create schema "${schema}"`);
  return {
    url: `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    open: () => connect(pgUrl, { schema, poolSize: 2 }),
    remove: () => admin(`drop schema if exists "${schema}" cascade`),
  };
}

describe('several instances starting at once on a new database', () => {
  it('all serve, and the migrations and the demo seed ran once', async () => {
    const fresh = await freshDatabase();
    const started = await Promise.allSettled([1, 2, 3].map(() => startServer({ DATABASE_URL: fresh.url, DEMO: '1', SCHEDULER: '0', LOG_LEVEL: 'info' }, 240_000)));
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const db = fresh.open();
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
      for (const server of servers) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      const applied = await db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied).toHaveLength(Object.keys(migrations).length);
      const admins = await db.selectFrom('users').select('id').where('username', '=', 'admin').execute();
      expect(admins).toHaveLength(1);
      const opds = await db.selectFrom('opds').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(opds.n)).toBe(DEMO_DEFAULT.opds);
      const holidays = await db.selectFrom('holidays').select(['date', 'name']).execute();
      const official = Object.values(OFFICIAL_HOLIDAYS).flat();
      expect(holidays).toHaveLength(official.length);
      expect(new Set(holidays.map((h) => `${h.date} ${h.name}`)).size).toBe(official.length);
      const seededOnce = servers.filter((s) => s.output().includes('generating the demo province'));
      expect(seededOnce).toHaveLength(1);
    } finally {
      await db.destroy();
      await Promise.all(servers.map((s: RunningServer) => s.stop()));
      await fresh.remove();
    }
  }, 300_000);
});
