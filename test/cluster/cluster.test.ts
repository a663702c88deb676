import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_PASSWORD } from '../support/app';
import { MONDAY, MONDAY_MORNING } from '../support/clock';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';
import { makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';
import { Client, csrfIn } from '../support/http-client';
import { freePort, startServer, type RunningServer } from '../support/server';
import { certificateOf, readUnit, serviceEnvironment, startNginx, upstreamPorts, type RunningNginx } from './deploy-kit';

/*
 * Three instances of the app on one PostgreSQL database behind Debian's nginx, set up from the
 * repository's deployment kit: each instance is started with the command line and environment of
 * docs/deploy/ikrar@.service, nginx loads docs/deploy/nginx-ikrar.conf (only ports, certificate
 * and temporary paths changed) and speaks TLS with a certificate made here.
 *
 * The one departure from the unit: NODE_ENV=test instead of production, because the app ignores
 * IKRAR_NOW in production (src/lib/clock.ts) and the roll-call must be on a fixed Monday before
 * its deadline. In this app NODE_ENV=test differs from production only there, in showing stack
 * traces on errors, in not requiring SESSION_SECRET (set here anyway) and in seeding the demo into
 * an empty database (DEMO=0 here, as production never does).
 *
 * Each instance has a DATA_DIR of its own, as if it ran on a host of its own: whatever one
 * instance keeps on its disk, the others cannot see.
 */
const INSTANCES = 3;
const WRITERS = 6;

describe('three instances behind nginx', () => {
  let t: TestDb;
  let instances: RunningServer[] = [];
  let nginx: RunningNginx | undefined;
  let ca: Buffer;
  const dirs: string[] = [];

  beforeAll(async () => {
    if (TEST_DIALECT !== 'postgres') throw new Error('The cluster test runs on PostgreSQL: npm run test:cluster (sets TEST_DATABASE_URL)');
    // As many instances as the repository's nginx file names.
    expect(upstreamPorts()).toHaveLength(INSTANCES);
    t = await createTestDb();
    const ports = await Promise.all(Array.from({ length: INSTANCES + 2 }, () => freePort()));
    const [httpsPort, httpPort] = ports.slice(INSTANCES);
    const secret = crypto.randomBytes(32).toString('hex');
    const started = await Promise.allSettled(
      ports.slice(0, INSTANCES).map(async (port) => {
        const unit = readUnit(String(port));
        expect(unit.environment).toMatchObject({ NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '1' });
        expect(unit.argv.slice(1)).toEqual(['--import', 'tsx', 'src/server.ts']);
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ikrar-cluster-${port}-`));
        dirs.push(dataDir);
        // What /etc/ikrar/ikrar.env holds on a server (DATA_DIR: one per instance, as on separate hosts).
        const envFile = {
          DATABASE_URL: t.serverUrl,
          SESSION_SECRET: secret,
          PUBLIC_URL: `https://localhost:${httpsPort}`,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
        };
        // Outside production an empty database would get the demo province: DEMO=0, as production.
        const env = { ...serviceEnvironment(unit, envFile), NODE_ENV: 'test', IKRAR_NOW: MONDAY_MORNING, DEMO: '0' };
        // The unit names the system's node; the test runs the node it runs on.
        expect(path.basename(unit.argv[0])).toBe('node');
        // WorkingDirectory is this checkout (startServer runs there).
        return startServer(env, 120_000, { argv: [process.execPath, ...unit.argv.slice(1)] });
      }),
    );
    // Those that started are stopped in afterAll even when another one failed.
    instances = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    nginx = await startNginx({ upstream: instances.map((s) => s.port), https: httpsPort, http: httpPort }, expect.getState().testPath ?? 'cluster');
    ca = certificateOf(nginx);
  }, 300_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((s) => s.stop()));
    instances = [];
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await t?.destroy();
  });

  it('signs in through nginx over https with a secure, http-only session cookie, counts the address nginx saw, and sends plain http to https', async () => {
    const { operator } = await makeUnit(t.db, 1);
    const browser = new Client(nginx!.url, ca);
    const page = await browser.get('/login');
    expect(page.status).toBe(200);
    // Behind TLS the app says so itself (TRUST_PROXY=1 and X-Forwarded-Proto from nginx).
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const res = await browser.post('/login', { username: operator.username, password: TEST_PASSWORD, _csrf: csrfIn(page.text) });
    expect(res.status).toBe(302);
    const cookie = res.setCookies.find((c) => c.startsWith('ikrar.sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    // The home page of the operator, through nginx, with that cookie: signed in.
    let home = await browser.get(res.location!);
    for (let hops = 0; home.status === 302 && hops < 3; hops++) home = await browser.get(new URL(home.location!, nginx!.url).pathname);
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('name="password"');

    // The client's address is the one nginx saw, not what the client wrote in X-Forwarded-For:
    // a guesser cannot get a fresh per-address budget of sign-in attempts by inventing addresses.
    const forger = new Client(nginx!.url, ca);
    forger.headers['x-forwarded-for'] = '203.0.113.9';
    const login = await forger.get('/login');
    expect((await forger.post('/login', { username: operator.username, password: 'wrong', _csrf: csrfIn(login.text) })).status).toBe(401);
    const keys = (await t.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys.filter((k) => k.includes('203.0.113.9'))).toEqual([]);
    expect(keys).toContain('ip:127.0.0.1');

    const plain = await new Client(nginx!.httpUrl).get('/login');
    expect(plain.status).toBe(301);
    expect(plain.location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/login$/);
  });

  it('keeps a roll-call draft saved through one instance for another to show', async () => {
    const { opd, employees, operator } = await makeUnit(t.db, 4);
    const first = new Client(instances[0].url);
    await first.signIn(operator.username, TEST_PASSWORD);
    const page = await first.get(sessionUrl(opd.code));
    expect(page.status).toBe(200);
    const fields: Record<string, string> = { ...formFields(page.text), _csrf: csrfIn(page.text), action: 'draft', pembina: 'Kepala Dinas Klaster' };
    fields[`status[${employees[0].id}]`] = 'S';
    fields[`status[${employees[1].id}]`] = 'TL';
    expect((await first.post(sessionUrl(opd.code), fields, true)).status).toBe(302);

    // The same browser (its session is in the database) on the second instance.
    const shown = await first.at(instances[1].url).get(sessionUrl(opd.code));
    expect(shown.status).toBe(200);
    const again = formFields(shown.text);
    expect(again.pembina).toBe('Kepala Dinas Klaster');
    expect(again[`status[${employees[0].id}]`]).toBe('S');
    expect(again[`status[${employees[1].id}]`]).toBe('TL');
    const session = await t.db.selectFrom('sessions').select(['state', 'version']).where('opd_id', '=', opd.id).where('pledge_date', '=', MONDAY).executeTakeFirstOrThrow();
    expect(session).toEqual({ state: 'draft', version: 1 });
  });

  it('serves a session photo uploaded through one instance from another', async () => {
    const { opd, operator } = await makeUnit(t.db, 2);
    const first = new Client(instances[0].url);
    await first.signIn(operator.username, TEST_PASSWORD);
    const page = await first.get(sessionUrl(opd.code));
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(2048)]);
    const res = await first.upload(sessionUrl(opd.code), { ...formFields(page.text), _csrf: csrfIn(page.text), action: 'draft' }, { field: 'photo', name: 'apel.png', data: png });
    expect(res.status).toBe(302);

    // Another instance, whose DATA_DIR never saw the upload, directly and through nginx.
    for (const other of [first.at(instances[2].url), first.at(nginx!.url, ca)]) {
      const photo = await other.get(`${sessionUrl(opd.code)}/photo`);
      expect(photo.status).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.body.equals(png)).toBe(true);
    }
  });

  it('counts wrong passwords sent to different instances against one limit', async () => {
    const user = await makeUser(t.db, { role: 'opd' });
    // DEFAULT_LOGIN_LIMITS.perUser: 8 wrong guesses, spread over the three instances.
    for (let i = 0; i < 8; i++) {
      const client = new Client(instances[i % INSTANCES].url);
      const page = await client.get('/login');
      const res = await client.post('/login', { username: user.username, password: `wrong-${i}`, _csrf: csrfIn(page.text) });
      expect(res.status).toBe(401);
    }
    // Now even the right password is refused, on every instance and through nginx.
    for (const base of [...instances.map((s) => s.url), nginx!.url]) {
      const client = new Client(base, ca);
      const page = await client.get('/login');
      const res = await client.post('/login', { username: user.username, password: TEST_PASSWORD, _csrf: csrfIn(page.text) });
      expect({ base, status: res.status }).toEqual({ base, status: 429 });
    }
  });

  it('loses no acknowledged write when one instance is killed under load, and the others keep answering', async () => {
    interface Writer {
      code: string;
      opdId: number;
      client: Client;
      ids: number[];
      version: number;
      csrf: string;
      /** The form as the page gives it. */
      form: Record<string, string>;
      /** Round -> what it sent. */
      sent: Map<number, { pembina: string; statuses: Record<string, string> }>;
      lastAcked: number;
      acked: number[];
      /** Statuses of the writes begun after the killed instance had exited. */
      after: number[];
    }
    const writers: Writer[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const { opd, employees, operator } = await makeUnit(t.db, 12);
      const client = new Client(nginx!.url, ca);
      await client.signIn(operator.username, TEST_PASSWORD);
      writers.push({ code: opd.code, opdId: opd.id, client, ids: employees.map((e) => e.id), version: 0, csrf: '', form: {}, sent: new Map(), lastAcked: -1, acked: [], after: [] });
    }
    const STATUSES = ['H', 'TL', 'HD', 'S', 'I', 'TK'];
    const victim = instances[INSTANCES - 1];
    let acks = 0;
    let killedAt: number | null = null;
    let exited = false;
    const victimExit = new Promise<void>((resolve) => victim.child.once('exit', () => resolve()));
    void victimExit.then(() => (exited = true));

    /* The page tells the version to send next (after a lost answer the save may or may not be in). */
    const reload = async (w: Writer) => {
      const page = await w.client.get(sessionUrl(w.code));
      if (page.status !== 200) throw new Error(`${w.code}: page ${page.status}`);
      w.version = Number(/name="version" value="(\d*)"/.exec(page.text)?.[1] || 0);
      w.csrf = csrfIn(page.text);
      w.form = formFields(page.text);
    };

    const drive = async (w: Writer) => {
      await reload(w);
      let roundsAfterExit = 0;
      for (let round = 0; round < 200 && roundsAfterExit < 6; round++) {
        const begunAfterExit = exited;
        const pembina = `Pembina ${w.code} ${round}`;
        const statuses = Object.fromEntries(w.ids.map((id, i) => [`status[${id}]`, STATUSES[(id + round + i) % STATUSES.length]]));
        w.sent.set(round, { pembina, statuses });
        const fields = { ...w.form, ...statuses, _csrf: w.csrf, version: String(w.version), action: 'draft', pembina };
        let status: number;
        try {
          status = (await w.client.post(sessionUrl(w.code), fields, true)).status;
        } catch {
          status = 0; // the connection to nginx itself broke: no answer, not acknowledged
        }
        if (begunAfterExit) {
          w.after.push(status);
          roundsAfterExit++;
        }
        if (status === 302) {
          w.version++;
          w.lastAcked = round;
          w.acked.push(round);
          if (++acks === 30 && killedAt === null) {
            killedAt = Date.now();
            victim.kill('SIGKILL');
          }
        } else {
          await reload(w);
        }
      }
    };
    await Promise.all(writers.map(drive));
    expect(killedAt).not.toBeNull();
    await victimExit;

    for (const w of writers) {
      expect(w.lastAcked).toBeGreaterThanOrEqual(0);
      const session = await t.db.selectFrom('sessions').select(['id', 'pembina', 'version']).where('opd_id', '=', w.opdId).where('pledge_date', '=', MONDAY).executeTakeFirstOrThrow();
      // What is stored is one whole round: the last acknowledged one or one sent after it
      // whose answer was lost with the instance.
      const round = Number(/ (\d+)$/.exec(session.pembina ?? '')?.[1] ?? -1);
      expect({ code: w.code, stillThere: round >= w.lastAcked }).toEqual({ code: w.code, stillThere: true });
      const rows = await t.db.selectFrom('attendance').select(['employee_id', 'status']).where('session_id', '=', session.id).execute();
      const sent = w.sent.get(round)!;
      expect(rows).toHaveLength(w.ids.length);
      for (const r of rows) expect(r.status).toBe(sent.statuses[`status[${r.employee_id}]`]);
      // Every acknowledged save left its audit row (written in the save's transaction): none
      // was lost or rolled back after its answer.
      const audits = await t.db.selectFrom('audit_log').select('after').where('entity', '=', 'session').where('entity_id', '=', String(session.id)).execute();
      expect(audits.length).toBe(session.version);
      const audited = audits.map((a) => a.after ?? '').join('\n');
      const missing = w.acked.filter((r) => !audited.includes(`"${w.sent.get(r)!.pembina}"`));
      expect({ code: w.code, missing }).toEqual({ code: w.code, missing: [] });
      // After the instance was gone, nginx sent every write to the others: all answered.
      expect({ code: w.code, after: w.after }).toEqual({ code: w.code, after: w.after.map(() => 302) });
      expect(w.after.length).toBeGreaterThan(0);
    }
    for (const s of instances.slice(0, INSTANCES - 1)) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await new Client(nginx!.url, ca).get('/healthz')).status).toBe(200);
  }, 240_000);
});
