/**
 * `npm run bench [-- --db postgres://user@host:port/name] [--employees 63000 --opds 100 --weeks 104]
 *   [--seconds 10] [--connections 10] [--saves 20] [--checkins 20000 --event 10000 --burst-connections 32]
 *   [--only dashboard,search,phone,rollcall,codes,signins,xlsx,csv,checkins,import] [--instances 3] [--nginx]`
 *
 * Generates a province (or reuses the one generated before), starts the real server on a copy
 * of it in production mode, measures the pages and downloads that docs/BENCHMARKS.md lists over HTTP from this
 * process and the roll-call in Chromium as on a phone, prints a table and writes bench/results.json. Exits 1 when a figure is over budget.
 * With `--instances N` (PostgreSQL only) the dashboard and the check-in burst are measured on N
 * instances behind nginx as docs/DEPLOY.md sets them up (`--nginx`: nginx in front of one).
 * See docs/BENCHMARKS.md for the method. Only 127.0.0.1 is contacted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect';
import { DEMO_PASSWORD } from '../src/features/demo/seed';
import { PROVINCE, prepareSqlite, preparePostgres, type Prepared, type Size } from './bench/dataset';
import { ensureEmployeeAccounts, measureCodes, measureSignIns } from './bench/accounts';
import { measureCheckIns } from './bench/checkins';
import { measureImport, measureReports } from './bench/downloads';
import { addSmallUnit, importCsv, targets, unitSizes } from './bench/fixtures';
import { measureDashboard, measureRollCall, measureSearch } from './bench/pages';
import { measurePhone } from './bench/phone';
import { closestInSize } from './bench/picks';
import { formatTable, overBudget, result, type Result, type ResultsFile } from './bench/results';
import { startBenchCluster } from './bench/cluster';
import { startBenchServer, type BenchTarget } from './bench/server';

const TIMEZONE = 'Asia/Jakarta';
/** The employee sign-ins of one busy minute (docs/BENCHMARKS.md, "Employee accounts"). */
const SIGN_INS = 300;
const PARTS = ['dashboard', 'search', 'phone', 'rollcall', 'codes', 'signins', 'xlsx', 'csv', 'checkins', 'import'] as const;
/**
 * The parts measured behind nginx. The others read one server's memory (signins, xlsx, csv),
 * drive a browser (phone), or are one user's waits that a second instance does not change.
 */
const CLUSTER_PARTS = ['dashboard', 'checkins'];
/** The phone compares the largest unit's roll-call with one of about this many people. */
const SMALL_UNIT = 20;

function options() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      employees: { type: 'string', default: String(PROVINCE.employees) },
      opds: { type: 'string', default: String(PROVINCE.opds) },
      weeks: { type: 'string', default: String(PROVINCE.weeks) },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      saves: { type: 'string', default: '20' },
      changes: { type: 'string', default: '50' },
      checkins: { type: 'string', default: '20000' },
      event: { type: 'string', default: '10000' },
      'burst-connections': { type: 'string', default: '32' },
      only: { type: 'string' },
      instances: { type: 'string', default: '1' },
      nginx: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results.json' },
    },
  });
  const num = (k: keyof typeof values) => {
    const n = Number(values[k]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a positive whole number`);
    return n;
  };
  const instances = num('instances');
  const nginx = values.nginx || instances > 1;
  if (nginx && !values.db) throw new Error('--instances/--nginx: several instances share one database, which must be PostgreSQL (--db postgres://…); SQLite is one server without a proxy');
  const only = new Set((values.only ?? (nginx ? CLUSTER_PARTS : PARTS).join(',')).split(','));
  for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: one or more of ${PARTS.join(',')}`);
  const alone = [...only].filter((p) => !CLUSTER_PARTS.includes(p));
  if (nginx && alone.length) throw new Error(`--only ${alone.join(',')}: measured on one server without nginx; behind nginx only ${CLUSTER_PARTS.join(',')}`);
  const size: Size = { employees: num('employees'), opds: num('opds'), weeks: num('weeks') };
  const burst = { people: num('checkins'), eventPeople: num('event'), connections: num('burst-connections') };
  if (burst.eventPeople > burst.people) throw new Error('--event: at most --checkins people');
  return { db: values.db, instances, nginx, size, seconds: num('seconds'), connections: num('connections'), saves: num('saves'), changes: num('changes'), burst, only, out: String(values.out) };
}

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

async function main() {
  const o = options();
  const started = Date.now();
  const prepared: Prepared = o.db ? await preparePostgres(o.db, o.size, TIMEZONE, log) : await prepareSqlite(o.size, TIMEZONE, log);
  /** One server, or the instances behind nginx (`script`, the bare ceiling, is SQLite's alone). */
  const start = (url: string, env: Record<string, string> = {}, script?: string): Promise<BenchTarget> =>
    o.nginx ? startBenchCluster(url, o.instances, env) : startBenchServer(url, env, script);
  const setup = o.nginx ? `${o.instances} instance${o.instances > 1 ? 's' : ''} behind nginx (https, docs/deploy)` : 'one server, no proxy';
  let server: BenchTarget | undefined;
  const results: Result[] = [result('generation', 's', prepared.generationS)];
  try {
    const db = connect(prepared.url);
    const t = await targets(db, TIMEZONE);
    const csv = o.only.has('import') ? await importCsv(db, t.today) : Buffer.alloc(0);
    const others = (await unitSizes(db, t.today)).filter((u) => u.code !== prepared.largestOpd.code);
    const nearest = closestInSize(others, SMALL_UNIT);
    const small = o.only.has('phone') && nearest.people > SMALL_UNIT * 1.5 ? await addSmallUnit(db, SMALL_UNIT) : nearest;
    if (o.only.has('codes')) results.push(...(await measureCodes(db, TIMEZONE, log)));
    const nips = o.only.has('signins') ? await ensureEmployeeAccounts(db, SIGN_INS, t.today) : [];
    await db.destroy();

    log(`starting ${setup} on ${prepared.dataset.dialect} (NODE_ENV=production)…`);
    server = await start(prepared.url);
    const common = { base: server.url, password: DEMO_PASSWORD, seconds: o.seconds, connections: o.connections, log, appPids: server.appPids, proxyPids: server.proxyPids(), ca: server.ca };
    // The parts that read one server's memory run only without nginx (options): one process.
    if (o.only.has('signins')) results.push(...(await measureSignIns({ base: server.url, appPid: server.appPids[0], nips, seconds: 60, log })));
    if (o.only.has('dashboard')) results.push(...(await measureDashboard(common)));
    if (o.only.has('search')) results.push(...(await measureSearch(common)));
    // Before the HTTP roll-call: its submissions would take the draft button off the page.
    if (o.only.has('phone')) {
      results.push(...(await measurePhone({ base: server.url, password: DEMO_PASSWORD, pledgeDate: t.pledgeDate, largest: prepared.largestOpd, small, log })));
    }
    if (o.only.has('rollcall')) {
      results.push(...(await measureRollCall({ ...common, opdCode: prepared.largestOpd.code, pledgeDate: t.pledgeDate, saves: o.saves, changes: o.changes })));
    }
    // Each download on a freshly started server, so its peak memory is its own (see measureReports).
    for (const format of (['xlsx', 'csv'] as const).filter((f) => o.only.has(f))) {
      await server.stop();
      server = await start(prepared.url);
      results.push(...(await measureReports({ ...common, base: server.url, appPid: server.appPids[0], month: t.month, formats: [format] })));
    }
    // On servers of its own (their clock on a Monday morning); it turns check-in on in every unit,
    // which changes the roll-call the parts above measure.
    if (o.only.has('checkins')) {
      await server.stop();
      server = undefined;
      results.push(...(await measureCheckIns({ url: prepared.url, dialect: prepared.dataset.dialect, zone: TIMEZONE, ...o.burst, instances: o.instances, log }, start)));
    }
    // Last: the import changes the data the other measurements read.
    if (o.only.has('import')) {
      server ??= await start(prepared.url);
      results.push(...(await measureImport({ ...common, base: server.url, csv, effectiveDate: t.today })));
    }
  } finally {
    if (server) {
      const problems = server.output().trim();
      await server.stop();
      if (problems) console.log(`server printed:\n${problems.slice(-4000)}`);
    }
    await prepared.drop();
  }

  const file: ResultsFile = { dataset: prepared.dataset, instances: o.instances, nginx: o.nginx, results };
  const d = prepared.dataset;
  console.log(`\n${d.dialect}: ${d.employees} employees, ${d.opds} OPDs, ${d.weeks} weeks (${prepared.pledgeDates} pledge dates), ${d.attendance_rows} attendance rows` +
    `${prepared.reused ? ' (dataset reused; generation time from when it was made)' : ''}; largest OPD ${prepared.largestOpd.code} (${prepared.largestOpd.people} people); ${setup}`);
  console.log(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; bench took ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(formatTable(results));
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, `${JSON.stringify(file, null, 2)}\n`);
  const over = overBudget(results);
  console.log(`\n${over.length ? `${over.length} figure(s) over budget: ${over.map((r) => r.name).join('; ')}` : 'every figure within budget'}; written to ${o.out}`);
  if (over.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(2);
});
