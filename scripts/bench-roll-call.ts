/**
 * Measures the session page and the roll-call save for one large OPD (issue 4, item 9):
 *   npx tsx scripts/bench-roll-call.ts [--people 3000] [--weeks 50] [--pg postgres://…/db]
 * Builds a throwaway database (a temp SQLite file, or a fresh schema in the given PostgreSQL),
 * an OPD of --people employees with --weeks of submitted history, then times, through HTTP as a
 * browser would: the page, a first draft save (every row inserted), a save with 100 exceptions,
 * and the submission (which also refreshes the employees' yearly TK statistics).
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Settings } from 'luxon';
import type { Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { connect } from '../src/db/connect';
import type { Database, NewAttendance } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { refreshEmployeeYearStats } from '../src/features/compliance/rollup';
import { bulkInsert } from '../src/features/demo/bulk';
import { saveSession } from '../src/features/sessions/save-session';
import { requireTarget } from '../src/features/sessions/session-target';
import { presentSessionPage } from '../src/features/sessions/sessions.presenter';
import { loadSessionPage } from '../src/features/sessions/sessions.service';
import { translator } from '../src/i18n/t';
import { createViewEngine, VIEWS_DIR } from '../src/views/engine';
import { addDays } from '../src/lib/calendar';
import { hashPassword } from '../src/lib/password';

const MONDAY = '2026-11-23';
const PASSWORD = 'bench-password-2026';
const NOW = '2026-01-01T00:00:00.000Z';

async function main() {
  const { values } = parseArgs({ options: { people: { type: 'string', default: '3000' }, weeks: { type: 'string', default: '50' }, pg: { type: 'string' } } });
  const people = Number(values.people);
  const weeks = Number(values.weeks);
  Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  const { url, db, cleanup, schema } = await openDatabase(values.pg);
  try {
    await migrateToLatest(db);
    const opd = await db.insertInto('opds').values({ code: 'BENCH', name: 'OPD Uji Beban', kind: 'rsud', parent_id: null, active_from: '2020-01-01', active_to: null, created_at: NOW, updated_at: NOW }).returningAll().executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'employees', Array.from({ length: people }, (_, i) => ({
        nip: `19800101200501${String(1000 + i).padStart(4, '0')}`.slice(0, 14) + String(i).padStart(4, '0'),
        name: `Pegawai Beban ${i}`, gender: i % 2 ? 'L' : 'P', category: 'PNS', position: 'Perawat', rank: 'III/a',
        active_from: '2015-01-01', active_to: null, end_reason: null, created_at: NOW, updated_at: NOW,
      })));
    });
    const employees = await db.selectFrom('employees').select('id').orderBy('id').execute();
    await db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'assignments', employees.map((e) => ({ employee_id: e.id, opd_id: opd.id, start_date: '2015-01-01', end_date: null, created_at: NOW })));
      for (let w = weeks; w >= 1; w--) {
        const date = addDays(MONDAY, -7 * w);
        const s = await trx.insertInto('sessions').values({ opd_id: opd.id, pledge_date: date, state: 'submitted', held: 1, created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow();
        const rows: NewAttendance[] = employees.map((e, i) => ({ session_id: s.id, employee_id: e.id, opd_id: opd.id, pledge_date: date, status: (i + w) % 40 === 0 ? 'TK' : 'H', cuti_type: null, note: null, planned_absence_id: null }));
        await bulkInsert(trx, 'attendance', rows);
      }
    });
    await db.insertInto('users').values({ username: 'opd-bench', display_name: 'Operator', role: 'opd', opd_id: opd.id, password_hash: await hashPassword(PASSWORD), email: null, language: null, created_at: NOW, updated_at: NOW }).execute();

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-bench-'));
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: dataDir, DEMO: '0', SCHEDULER: '0', LOG_LEVEL: 'silent' });
    const app = createApp({ db, config, logger: pino({ level: 'silent' }) });
    const agent = request.agent(app);
    const login = await agent.get('/login');
    await agent.post('/login').type('form').send({ username: 'opd-bench', password: PASSWORD, _csrf: csrfOf(login.text) });

    const url_ = `/opd/BENCH/sessions/${MONDAY}`;
    const results: [string, number, string][] = [];
    await agent.get(url_); // warm up templates and statements
    type Run = () => Promise<request.Response>;
    /** Times `n` runs; `prepare` (not timed) returns the request to time, e.g. after reading the form. */
    const median = async (label: string, n: number, prepare: (i: number) => Promise<Run> | Run, info: (r: request.Response) => string) => {
      const times: number[] = [];
      let last!: request.Response;
      for (let i = 0; i < n; i++) {
        const run = await prepare(i);
        const t0 = process.hrtime.bigint();
        last = await run();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      results.push([`${label} (median of ${n})`, times[Math.floor(n / 2)], info(last)]);
      return last;
    };
    const kb = (r: request.Response) => `${r.status}, ${Math.round(r.text.length / 1024)} kB HTML, ${Math.round(zlib.gzipSync(r.text, { level: 1 }).length / 1024)} kB gzipped (${r.headers['content-encoding'] ?? 'identity'})`;
    const page = await median('GET page, nothing saved', 5, () => () => agent.get(url_), kb);
    const fields = formFields(page.text);
    const status = (r: request.Response) => String(r.status);
    await median('POST first draft, all rows written', 1, () => () => agent.post(url_).type('form').send({ ...fields, action: 'draft' }), status);
    await median('GET page, roll-call saved', 5, () => () => agent.get(url_), kb);
    await median('POST draft, 100 rows changed', 5, async (i) => {
      const next = formFields((await agent.get(url_)).text);
      employees.slice(0, 100).forEach((e, j) => (next[`status[${e.id}]`] = (i + j) % 2 ? 'TK' : 'S'));
      return () => agent.post(url_).type('form').send({ ...next, action: 'draft' });
    }, status);
    await median('POST draft, 100 rows changed, multipart (no JS)', 3, async (i) => {
      const next = formFields((await agent.get(url_)).text);
      employees.slice(0, 100).forEach((e, j) => (next[`status[${e.id}]`] = (i + j) % 2 ? 'S' : 'TK'));
      return () => agent.post(url_).field(next).field('action', 'draft');
    }, status);
    const again = formFields((await agent.get(url_)).text);
    await median('POST submit (+ yearly TK stats of all)', 1, () => () => agent.post(url_).type('form').send({ ...again, action: 'submit' }), status);
    await serviceTimings(db, results, opd.id, employees.map((e) => e.id));
    const ids = employees.map((e) => e.id);
    const t0 = process.hrtime.bigint();
    await db.transaction().execute((trx) => refreshEmployeeYearStats(trx, ids, 2026));
    results.push([`  of which refreshEmployeeYearStats`, Number(process.hrtime.bigint() - t0) / 1e6, `${ids.length} employees`]);

    const session = await db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).where('pledge_date', '=', MONDAY).executeTakeFirstOrThrow();
    console.log(`\n${config.dialect}: ${people} people, ${weeks} weeks of history (${people * weeks} attendance rows)${schema ? ` in schema ${schema}` : ''}`);
    for (const [label, ms, info] of results) console.log(`${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms   ${info}`);
    console.log(`session: state=${session.state} count_h=${session.count_h} count_s=${session.count_s} count_tk=${session.count_tk} rate=${session.rate?.toFixed(3)}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  } finally {
    await cleanup();
  }
}

/**
 * The same work without HTTP: what the server itself spends (the HTTP figures above also
 * include supertest building a 6,000-field body and reading a 2 MB page in this process).
 */
async function serviceTimings(db: Kysely<Database>, results: [string, number, string][], opdId: number, ids: number[]) {
  const user = { id: 1, username: 'opd-bench', displayName: 'x', role: 'hr' as const, opdId: null, opdCode: null, language: null, mustChangePassword: false, via: 'session' as const };
  const target = await requireTarget(db, user, { id: opdId }, MONDAY, 'Asia/Jakarta');
  const render = createViewEngine({ cache: true });
  const page = async () => {
    const vm = presentSessionPage(await loadSessionPage(db, target), translator('id'), { user });
    await new Promise<void>((ok, fail) => render(path.join(VIEWS_DIR, 'sessions/show.hbs'), { ...vm, lang: 'id', csrfToken: 'x' }, (e) => (e ? fail(e) : ok())));
  };
  const save = (i: number) => () =>
    saveSession(db, { user }, {
      opdId, pledgeDate: MONDAY, version: null, timezone: 'Asia/Jakarta', submit: false,
      details: { held: true, mode: 'langsung', start_time: '07:30', ikrar_version: '2024' },
      attendance: ids.map((id, j) => ({ employeeId: id, status: j < 100 && (i + j) % 2 ? 'TK' : 'H' })),
    });
  for (const [label, fn] of [['  server only: build and render the page', () => page()], ['  server only: saveSession, 100 rows changed', null]] as const) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      await (fn ?? save(i))();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    results.push([`${label} (median of 5)`, times[2], '']);
  }
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

/** The form's fields as a browser without JavaScript sends them (inputs, selected options). */
function formFields(html: string): Record<string, string> {
  const body = html.slice(html.indexOf('id="session-form"'), html.indexOf('</form>', html.indexOf('id="session-form"')));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<input\b[^>]*\bname="([^"]+)"[^>]*>/g)) {
    if (/type="(file|radio)"/.test(m[0]) && !/checked/.test(m[0])) continue;
    out[m[1]] = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
  }
  for (const m of body.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2].matchAll(/<option\b([^>]*)>([^<]*)/g)].map((o) => ({ selected: /selected/.test(o[1]), value: /value="([^"]*)"/.exec(o[1])?.[1] ?? o[2] }));
    out[m[1]] = (options.find((o) => o.selected) ?? options[0])?.value ?? '';
  }
  return out;
}

async function openDatabase(pgUrl?: string) {
  if (!pgUrl) {
    const file = path.join(os.tmpdir(), `ikrar-bench-${crypto.randomBytes(4).toString('hex')}.db`);
    const db = connect(file);
    return { url: file, db, schema: undefined, cleanup: async () => { await db.destroy(); for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); } };
  }
  const schema = `ikrar_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const db = connect(pgUrl, { schema });
  return {
    url: pgUrl, db, schema,
    cleanup: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
