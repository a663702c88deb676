import type { Kysely } from 'kysely';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { TEST_PASSWORD } from '../support/app';
import { makeToken } from '../support/api-tokens';
import { TEST_DIALECT } from '../support/db';
import { Client } from '../support/http-client';
import { startCluster, type PgCluster } from '../support/pg-cluster';
import { startServer, type RunningServer } from '../support/server';
import { makeUnit } from '../support/factories';
import { MONDAY_MORNING } from '../support/clock';
import { formFields, sessionUrl } from '../support/forms';

/*
 * PostgreSQL stopped under the running app, on a cluster of the test's own (never the shared
 * one): the app stays up, pages answer 503 with an Indonesian page, the API 503 JSON, /healthz
 * 503 without a host or port, and once PostgreSQL is back everything works again without a
 * restart, the signed-in session included.
 */
const pgOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

pgOnly('PostgreSQL stopped and started under the running app', () => {
  let cluster: PgCluster;
  let server: RunningServer;
  let db: Kysely<Database>;
  let client: Client;
  let token: string;
  let code: string;

  beforeAll(async () => {
    cluster = await startCluster();
    server = await startServer({ DATABASE_URL: cluster.url, DEMO: '0', IKRAR_NOW: MONDAY_MORNING });
    db = connect(cluster.url, { poolSize: 2 });
    const { opd, operator } = await makeUnit(db, 3);
    code = opd.code;
    token = await makeToken(db, { role: 'hr' });
    client = new Client(server.url);
    await client.signIn(operator.username, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    cluster?.destroy();
  });

  /* Requests sent without pause until `done`: every one must be answered, with one of `allowed`. */
  function keepAsking(done: () => boolean) {
    const statuses: number[] = [];
    const failures: string[] = [];
    const loop = async () => {
      while (!done()) {
        try {
          statuses.push((await client.get('/account')).status, (await fetch(`${server.url}/healthz`)).status);
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    return { statuses, failures, finished: Promise.all([loop(), loop(), loop()]) };
  }

  for (const mode of ['fast', 'immediate'] as const) {
    it(`answers 503 while it is stopped (${mode}) and recovers by itself when it is back`, async () => {
      let stopped = false;
      const during = keepAsking(() => stopped);
      await new Promise((r) => setTimeout(r, 300));
      try {
        await cluster.stop(mode);
      } finally {
        stopped = true;
        await during.finished;
      }
      expect(during.failures).toEqual([]);
      expect(during.statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

      const page = await client.get('/account');
      expect(page.status).toBe(503);
      expect(page.text).toContain('<html lang="id">');
      expect(page.text).toContain('Basis data sedang tidak dapat dihubungi');
      const api = await fetch(`${server.url}/api/v1/opds`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('30');
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
      const health = await fetch(`${server.url}/healthz`);
      const text = await health.text();
      expect(health.status).toBe(503);
      expect(JSON.parse(text)).toEqual({ status: 'unavailable', dialect: 'postgres' });
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain(String(cluster.port));
      expect(server.child.exitCode).toBeNull();

      await cluster.start();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await client.get('/account')).status).toBe(200);
      const form = formFields((await client.get(sessionUrl(code))).text);
      const saved = await client.post(sessionUrl(code), { ...form, pembina: `Pembina ${mode}`, action: 'draft' }, true);
      expect(saved.status).toBe(302);
      const row = await db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').select('pembina').where('opds.code', '=', code).executeTakeFirstOrThrow();
      expect(row.pembina).toBe(`Pembina ${mode}`);
      expect(server.child.exitCode).toBeNull();
    }, 120_000);
  }
});
