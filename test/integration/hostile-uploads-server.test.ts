import fs from 'node:fs';
import { TEST_PASSWORD } from '../support/app';
import { createTestDb, type TestDb } from '../support/db';
import { MONDAY_MORNING } from '../support/clock';
import { makeUnit, makeUser } from '../support/factories';
import { sessionUrl } from '../support/forms';
import { cellsRow, manyLines, xlsxWithRows } from '../support/hostile-files';
import { Client, csrfIn } from '../support/http-client';
import { startServer, type RunningServer } from '../support/server';

/*
 * The real server while hostile uploads are processed: a second client's /healthz is answered
 * within a second throughout, and the server's peak memory stays well under 600 MB.
 */

/** The process and its descendants (tsx runs the server in a child of its own). */
function processTree(pid: number): number[] {
  const children = fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return [pid, ...children.flatMap(processTree)];
}

/** The largest peak resident size (VmHWM) among the processes, in MB. */
function peakMb(pids: number[]): number {
  return Math.max(...pids.map((pid) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024));
}

describe('hostile uploads against the real server', () => {
  let t: TestDb;
  let server: RunningServer;
  let pids: number[];
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let hrName: string;

  beforeAll(async () => {
    t = await createTestDb();
    unit = await makeUnit(t.db, 3);
    hrName = (await makeUser(t.db, { role: 'hr' })).username;
    server = await startServer({ DATABASE_URL: t.serverUrl, DEMO: '0', IKRAR_NOW: MONDAY_MORNING });
    pids = processTree(server.child.pid!);
  }, 90_000);

  afterAll(async () => {
    // The wrapper relays the signal; kill the real server too, so that nothing is left behind.
    for (const pid of pids.slice(1).reverse()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await server?.stop();
    await t?.destroy();
  });

  it('answers /healthz within 1 s and stays under 600 MB while hostile files are processed', async () => {
    const operator = new Client(server.url);
    await operator.signIn(unit.operator.username, TEST_PASSWORD);
    const hr = new Client(server.url);
    await hr.signIn(hrName, TEST_PASSWORD);
    const rollCallCsrf = csrfIn((await operator.get(`${sessionUrl(unit.opd.code)}/import`)).text);
    const absenceCsrf = csrfIn((await hr.get('/absences/import')).text);
    const employeeCsrf = csrfIn((await hr.get('/employees/import')).text);
    const bomb = await xlsxWithRows(10_000, cellsRow(2, ['1', 'x'.repeat(30_000), 'y', 'z']));

    let done = false;
    const latencies: number[] = [];
    const probe = (async () => {
      while (!done) {
        const start = Date.now();
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
        latencies.push(res.ok ? Date.now() - start : Infinity);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // One after the other, as the largest hostile file each route takes.
    const answers = [];
    answers.push(await operator.upload(`${sessionUrl(unit.opd.code)}/import`, { _csrf: rollCallCsrf }, { field: 'file', name: 'scan.csv', data: manyLines('NIP,Status', '1', 990_000) }));
    answers.push(await hr.upload('/absences/import', { _csrf: absenceCsrf }, { field: 'file', name: 'absen.csv', data: manyLines('NIP;dari;sampai;status;nomor surat', '1', 990_000) }));
    const junk = manyLines('NIP;Nama;Unit;Kategori', '1;x;y;zzzzz', 1_000_000);
    answers.push(await hr.upload('/employees/import', { _csrf: employeeCsrf, effective_date: '2026-12-01' }, { field: 'file', name: 'pegawai.csv', data: junk }));
    answers.push(await hr.upload('/employees/import', { _csrf: employeeCsrf, effective_date: '2026-12-01' }, { field: 'file', name: 'pegawai.xlsx', data: bomb }));
    done = true;
    await probe;

    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422]);
    expect(answers.every((a) => a.text.length < 100_000)).toBe(true);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(peakMb(pids)).toBeLessThan(600);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
