import http from 'node:http';
import SQLite from 'better-sqlite3';
import { Settings } from 'luxon';
import { generateDemo } from '../../src/features/demo/seed';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';
import { Client, csrfIn } from '../support/http-client';
import { portInUse, startServer, type RunningServer } from '../support/server';

/*
 * Crash safety: the real server, concurrent roll-call submissions, SIGKILL in the
 * middle, a restart; every submission answered 2xx must be there whole, nothing half-written.
 */
const MONDAY = '2026-11-23';
const NOW = '2026-11-23T02:00:00.000Z'; // 09:00 WIB on the pledge day: before the deadline
const STATUSES = ['H', 'H', 'H', 'TL', 'HD', 'S', 'I', 'TK'];

interface Form {
  code: string;
  client: Client;
  ids: number[];
  version: number;
  csrf: string;
}

/** Statuses of round `round` for a unit: deterministic, different every round. */
function statusesFor(form: Form, round: number): Map<number, string> {
  return new Map(form.ids.map((id, i) => [id, STATUSES[(id * 7 + round * 3 + i) % STATUSES.length]]));
}

async function openForm(server: RunningServer, code: string): Promise<Form> {
  const client = new Client(server.url);
  await client.signIn(`opd-${code.toLowerCase()}`, 'ikrar-demo');
  const page = await client.get(`/opd/${code}/sessions/${MONDAY}`);
  if (page.status !== 200) throw new Error(`${code}: session page ${page.status}`);
  // Everyone on the roll-call, not only the page of rows drawn: the page carries them all as data.
  const data = JSON.parse(/<script type="application\/json" id="rc-data">([^<]*)<\/script>/.exec(page.text)![1]) as { rows: [number][] };
  const ids = data.rows.map((r) => r[0]);
  const version = Number(/name="version" value="(\d*)"/.exec(page.text)?.[1] || 0);
  return { code, client, ids, version, csrf: csrfIn(page.text) };
}

function fields(form: Form, statuses: Map<number, string>, action: string): Record<string, string> {
  const out: Record<string, string> = {
    _csrf: form.csrf,
    version: String(form.version),
    action,
    held: '1',
    mode: 'langsung',
    start_time: '07:30',
    ikrar_version: '2024',
    pembina: 'Kepala Dinas',
  };
  for (const [id, s] of statuses) out[`status[${id}]`] = s;
  return out;
}

describe('crash safety of roll-call submissions', () => {
  let t: TestDb;
  let openCodes: string[];

  beforeAll(async () => {
    Settings.now = () => Date.parse(NOW);
    t = await createTestDb();
    await generateDemo(t.db, 'Asia/Jakarta', { employees: 1500, opds: 40, weeks: 3 });
    Settings.now = () => Date.now();
    // The submissions here are everyone Hadir: the demo's check-in unit would ask for evidence first.
    await t.db.updateTable('opds').set({ check_in: 0 }).execute();
    const done = await t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').select('opds.code').where('pledge_date', '=', MONDAY).execute();
    const all = await t.db.selectFrom('opds').select('code').orderBy('code').execute();
    const taken = new Set(done.map((d) => d.code));
    openCodes = all.map((o) => o.code).filter((c) => !taken.has(c)).slice(0, 16);
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await t.destroy();
  });

  it('keeps every acknowledged submission whole after SIGKILL and a restart', async () => {
    expect(openCodes.length).toBeGreaterThanOrEqual(8);
    const env = { DATABASE_URL: t.serverUrl, DEMO: '0', IKRAR_NOW: NOW };
    let server = await startServer(env);
    const forms: Form[] = [];
    for (const code of openCodes) forms.push(await openForm(server, code));
    const sent = new Map<string, Map<number, string>[]>();
    const acked = new Map<string, number>();
    let acks = 0;
    let killed = false;

    const drive = async (form: Form) => {
      const rounds: Map<number, string>[] = [];
      sent.set(form.code, rounds);
      for (let round = 0; !killed && round < 50; round++) {
        const statuses = statusesFor(form, round);
        rounds.push(statuses);
        try {
          const res = await form.client.post(`/opd/${form.code}/sessions/${MONDAY}`, fields(form, statuses, round === 0 ? 'submit' : 'save'), true);
          if (res.status !== 302) throw new Error(`${form.code} round ${round}: ${res.status}`);
          form.version += 1;
          acked.set(form.code, round);
          if (++acks === 40) {
            killed = true;
            server.kill('SIGKILL'); // the server's whole process group, not only a wrapper
          }
        } catch (err) {
          if (!killed) throw err;
          return; // the connection died with the server
        }
      }
    };
    await Promise.all(forms.map(drive));
    expect(killed).toBe(true);
    const dead = server.child;
    if (dead.exitCode === null && dead.signalCode === null) await new Promise((r) => dead.once('exit', r));
    // The process that listened died too (a killed wrapper would have left it serving).
    expect(await portInUse(server.port)).toBe(false);

    server = await startServer(env);
    try {
      for (const form of forms) {
        const ackedRound = acked.get(form.code);
        if (ackedRound === undefined) continue;
        const session = await t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').selectAll('sessions').where('opds.code', '=', form.code).where('pledge_date', '=', MONDAY).executeTakeFirstOrThrow();
        const rows = await t.db.selectFrom('attendance').select(['employee_id', 'status']).where('session_id', '=', session.id).execute();
        const stored = new Map(rows.map((r) => [r.employee_id, r.status]));
        // The stored roll-call is one whole round: the last acknowledged one, or one sent after it
        // whose answer was lost with the server.
        const rounds = sent.get(form.code)!;
        const match = rounds.findIndex((r) => r.size === stored.size && [...r].every(([id, s]) => stored.get(id) === s));
        expect({ code: form.code, match: match >= ackedRound }).toEqual({ code: form.code, match: true });
        expect(session.state).toBe('submitted');
        expect(session.expected_count).toBe(form.ids.length);
        expect(session.count_tk).toBe(rows.filter((r) => r.status === 'TK').length);
      }
      if (TEST_DIALECT === 'sqlite') {
        const file = new SQLite(t.url, { readonly: true });
        expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
        file.close();
      }
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 240_000);

  it('drains a request in flight on SIGTERM and exits cleanly', async () => {
    const server = await startServer({ DATABASE_URL: t.serverUrl, DEMO: '0', IKRAR_NOW: NOW });
    try {
      // A sign-in whose body arrives slowly: the server has the request when SIGTERM comes.
      const body = 'username=sekda&password=ikrar-demo&_csrf=none';
      let stopped: Promise<number | null> = Promise.resolve(null);
      const response = new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          stopped = server.stop('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 300);
        }, 300);
      });
      // Answered (a CSRF refusal here), not dropped.
      expect(await response).toBe(403);
      // The server itself drained and exited 0 (no wrapper between: its own exit code).
      expect(await stopped).toBe(0);
    } finally {
      await server.stop('SIGKILL');
    }
  }, 120_000);
});
