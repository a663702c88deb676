import crypto from 'node:crypto';
import pg from 'pg';
import { TEST_PASSWORD } from '../support/app';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';
import { Client } from '../support/http-client';
import { startServer, type RunningServer } from '../support/server';
import { makeUnit } from '../support/factories';
import { MONDAY_MORNING } from '../support/clock';
import { formFields, sessionUrl } from '../support/forms';

/*
 * The app's PostgreSQL connections killed (pg_terminate_backend, as a restart or a DBA does)
 * again and again while roll-calls are being saved. A connection that broke between two
 * queries used to emit an 'error' nobody listened to, and Node exited. Now: the process stays
 * up, every request is answered (saved, refused as stale, or 503), and every save that was
 * acknowledged is in the database. Only this test's connections are killed: the server runs
 * with an application_name of its own.
 */
const pgOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;
const UNITS = 4;
const ROUNDS = 10;

pgOnly('PostgreSQL connections killed during concurrent saves', () => {
  let t: TestDb;
  let server: RunningServer;
  const appName = `ikrar_kill_${crypto.randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    if (server && server.child.exitCode !== null) console.log(server.output());
    await server?.stop();
    await t.destroy();
  });

  it('stays up, answers every request and keeps every acknowledged save', async () => {
    const units = [];
    for (let i = 0; i < UNITS; i++) units.push(await makeUnit(t.db, 15));
    server = await startServer({ DATABASE_URL: `${t.serverUrl}&application_name=${appName}`, DEMO: '0', IKRAR_NOW: MONDAY_MORNING });
    const clients = await Promise.all(
      units.map(async (u) => {
        const c = new Client(server.url);
        await c.signIn(u.operator.username, TEST_PASSWORD);
        return c;
      }),
    );

    let saving = true;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    let kills = 0;
    const killer = (async () => {
      while (saving) {
        const { rows } = await admin.query<{ n: string }>(
          'select count(pg_terminate_backend(pid)) as n from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
          [appName],
        );
        kills += Number(rows[0].n);
        await new Promise((r) => setTimeout(r, 700));
      }
    })();

    const answered: number[] = [];
    const acked = new Map<string, string[]>();
    await Promise.all(
      units.map(async (u, i) => {
        const saved: string[] = [];
        acked.set(u.opd.code, saved);
        for (let round = 0; round < ROUNDS; round++) {
          const page = await clients[i].get(sessionUrl(u.opd.code));
          answered.push(page.status);
          if (page.status !== 200) continue;
          const pembina = `Pembina ${u.opd.code} ${round}`;
          const res = await clients[i].post(sessionUrl(u.opd.code), { ...formFields(page.text), pembina, action: 'draft' }, true);
          answered.push(res.status);
          if (res.status === 302) saved.push(pembina);
        }
      }),
    );
    saving = false;
    await killer;
    await admin.end();

    expect(kills).toBeGreaterThan(0);
    expect(server.child.exitCode).toBeNull();
    expect(answered.filter((s) => ![200, 302, 409, 503].includes(s))).toEqual([]);
    // Both happened: saves went through, and requests were cut by a kill (503).
    expect(answered.filter((s) => s === 302).length).toBeGreaterThan(0);
    expect(answered.filter((s) => s === 503).length).toBeGreaterThan(0);
    // Each save writes its audit row in the same transaction: an acknowledged save has one.
    for (const [code, pembinas] of acked) {
      const session = await t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').select(['sessions.id', 'version']).where('opds.code', '=', code).executeTakeFirst();
      if (!session) {
        expect(pembinas).toEqual([]);
        continue;
      }
      const audits = await t.db.selectFrom('audit_log').select('after').where('entity', '=', 'session').where('entity_id', '=', String(session.id)).execute();
      const stored = new Set(audits.map((a) => JSON.parse(a.after!).pembina));
      expect(pembinas.filter((p) => !stored.has(p))).toEqual([]);
      expect(session.version).toBe(audits.length);
    }
    // And it still works normally once the killing stops.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 180_000);
});
