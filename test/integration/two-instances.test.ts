import { createTestDb, type TestDb } from '../support/db';
import { Client, csrfIn } from '../support/http-client';
import { makeUnit, makeUser } from '../support/factories';
import { TEST_PASSWORD } from '../support/app';
import { startServer, type RunningServer } from '../support/server';
import { MONDAY_MORNING } from '../support/clock';
import { formFields, sessionUrl } from '../support/forms';

/*
 * Two app processes on one database, as during a rolling restart or with two instances behind
 * a proxy. On SQLite a write transaction used to start deferred (plain BEGIN): when the other
 * process had written since its first read, SQLite refused it at once with SQLITE_BUSY_SNAPSHOT,
 * busy_timeout never applied, and about a third of the saves answered 500. Now every save waits
 * for the write lock: no 5xx, and two saves of the same roll-call still end in one save and one
 * 409 that shows the loser's input again.
 */
const UNITS = 10;
const ROUNDS = 6;
const STATUSES = ['H', 'TL', 'HD', 'S', 'I', 'TK'];

interface Form {
  client: Client;
  code: string;
  fields: Record<string, string>;
  ids: number[];
}

async function openForm(server: RunningServer, username: string, code: string): Promise<Form> {
  const client = new Client(server.url);
  await client.signIn(username, TEST_PASSWORD);
  const page = await client.get(sessionUrl(code));
  if (page.status !== 200) throw new Error(`${code}: session page ${page.status}`);
  const fields = formFields(page.text);
  const ids = Object.keys(fields).flatMap((k) => /^status\[(\d+)\]$/.exec(k)?.[1] ?? []).map(Number);
  return { client, code, fields: { ...fields, _csrf: csrfIn(page.text) }, ids };
}

function roundOf(form: Form, round: number, pembina: string): Record<string, string> {
  const out: Record<string, string> = { ...form.fields, pembina, action: round === 0 ? 'submit' : 'save' };
  form.ids.forEach((id, i) => (out[`status[${id}]`] = STATUSES[(id + round + i) % STATUSES.length]));
  return out;
}

describe('two app processes on one database', () => {
  let t: TestDb;
  let servers: RunningServer[] = [];
  const units: { code: string; operator: string; second: string }[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    for (let i = 0; i < UNITS; i++) {
      const { opd, operator } = await makeUnit(t.db, 25);
      const second = await makeUser(t.db, { role: 'opd', opdId: opd.id });
      units.push({ code: opd.code, operator: operator.username, second: second.username });
    }
    const env = { DATABASE_URL: t.serverUrl, DEMO: '0', IKRAR_NOW: MONDAY_MORNING };
    // One after the other: both run the migrations check at start.
    servers.push(await startServer(env));
    servers.push(await startServer(env));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await t.destroy();
  });

  it('saves concurrent roll-calls through both processes without a single 5xx', async () => {
    const statuses: number[] = [];
    await Promise.all(
      units.slice(0, UNITS / 2).map(async (u, i) => {
        // Each unit alternates between the processes, so every save follows one by the other.
        const forms = [await openForm(servers[i % 2], u.operator, u.code), await openForm(servers[(i + 1) % 2], u.second, u.code)];
        for (let round = 0; round < ROUNDS; round++) {
          const form = forms[round % 2];
          const res = await form.client.post(sessionUrl(u.code), { ...roundOf(form, round, `Pembina ${round}`), version: String(round) }, true);
          statuses.push(res.status);
        }
        const session = await t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').select(['version', 'pembina', 'sessions.id']).where('opds.code', '=', u.code).executeTakeFirstOrThrow();
        expect(session).toMatchObject({ version: ROUNDS, pembina: `Pembina ${ROUNDS - 1}` });
        const rows = await t.db.selectFrom('attendance').select(['employee_id', 'status']).where('session_id', '=', session.id).execute();
        const last = roundOf(forms[(ROUNDS - 1) % 2], ROUNDS - 1, '');
        for (const r of rows) expect(r.status).toBe(last[`status[${r.employee_id}]`]);
      }),
    );
    expect(statuses.filter((s) => s !== 302)).toEqual([]);
    expect(statuses).toHaveLength((UNITS / 2) * ROUNDS);
  }, 120_000);

  it('lets one of two simultaneous saves of the same roll-call through, one per process; the other gets 409 with its input', async () => {
    await Promise.all(
      units.slice(UNITS / 2).map(async (u) => {
        const a = await openForm(servers[0], u.operator, u.code);
        const b = await openForm(servers[1], u.second, u.code);
        const [ra, rb] = await Promise.all([
          a.client.post(sessionUrl(u.code), roundOf(a, 1, 'Pembina A'), true),
          b.client.post(sessionUrl(u.code), roundOf(b, 2, 'Pembina B'), true),
        ]);
        expect([ra.status, rb.status].sort()).toEqual([302, 409]);
        const [winner, loser] = ra.status === 302 ? ['Pembina A', rb] : ['Pembina B', ra];
        expect(loser.text).toContain('Orang lain sudah menyimpan daftar hadir ini lebih dulu');
        expect(formFields(loser.text).pembina).toBe(winner === 'Pembina A' ? 'Pembina B' : 'Pembina A');
        const session = await t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').select(['version', 'pembina']).where('opds.code', '=', u.code).executeTakeFirstOrThrow();
        expect(session).toEqual({ version: 1, pembina: winner });
      }),
    );
  }, 120_000);
});
