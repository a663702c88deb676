import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { sql, type Kysely } from 'kysely';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { bulkInsert } from '../../src/features/demo/bulk.repository';
import { checkInKey, signCheckIn, slotOf, type CheckInTarget } from '../../src/features/checkin/check-in-token';
import { ensureEmployeeAccounts } from './accounts';
import { DATA_DIR } from './dataset';
import { cpuMeter } from './load';
import { percentile, proxyCpuResult, result, type Result } from './results';
import type { BenchTarget } from './server';

/*
 * The 07:30 check-in burst (docs/BENCHMARKS.md, "Check-in burst"): a Monday on which every unit
 * uses check-in and thousands of signed-in employees post the QR of their unit's apel within a
 * few seconds of one another, over HTTP at a real server process.
 *
 * The sign-ins are not part of it: each employee signed in on their phone days before (an
 * employee's session lasts pegawai_session_days), so the sessions are written straight into
 * login_sessions as express-session stores them, each with its CSRF token (csrf-sync keeps it
 * in the session as `csrfToken`), and the cookie is signed with the server's secret as
 * express-session signs it. An argon2 verification per person would otherwise be what is measured.
 */

/** The Monday of the burst: next week's, so no session of the generated history exists for it yet. */
export function burstMonday(zone: string, now = Date.now()): { date: string; clock: string } {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const monday = today.plus({ days: 8 - today.weekday });
  // 07:20 local: people arrive before the apel at 07:30, the burst lies inside the window.
  return { date: monday.toISODate()!, clock: monday.set({ hour: 7, minute: 20 }).toUTC().toISO()! };
}

export interface Person {
  userId: number;
  employeeId: number;
  opdId: number;
}

/** A signed-in phone: the cookie of its session and the form token stored in it. */
interface Phone extends Person {
  cookie: string;
  csrf: string;
}

/** Check-in on for every active unit; `n` employees in service in a unit on `date`, each with an account. */
export async function burstPeople(db: Kysely<Database>, date: string, n: number): Promise<Person[]> {
  await db.updateTable('opds').set({ check_in: 1 }).where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>=', date)])).execute();
  await ensureEmployeeAccounts(db, n, date);
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('employees as e', 'e.id', 'u.employee_id')
    .innerJoin('assignments as a', 'a.employee_id', 'e.id')
    .select(['u.id as userId', 'e.id as employeeId', 'a.opd_id as opdId'])
    .where('u.role', '=', 'pegawai')
    .where('u.active', '=', 1)
    .where('a.start_date', '<=', date)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>=', date)]))
    .where('e.active_from', '<=', date)
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', date)]))
    .orderBy('u.id')
    .limit(n)
    .execute();
  if (rows.length < n) throw new Error(`only ${rows.length} employees with an account in a unit on ${date}, ${n} wanted`);
  return rows;
}

/** An event on `date` that expects every unit, with check-in: the HUT Korpri or an apel gabungan. */
export async function addEvent(db: Kysely<Database>, date: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('events')
    .values({ kind: 'apel_gabungan', title: 'Apel gabungan (bench)', date, start_time: '07:30', place: 'Halaman kantor gubernur', mode: 'offline', all_units: 1, check_in: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** express-session's signed cookie value (cookie-signature: HMAC-SHA-256, base64 without padding). */
function signedCookie(sid: string, secret: string): string {
  const mac = crypto.createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `ikrar.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

/**
 * One fresh session per person, as the sign-in leaves it (src/features/auth/sign-in.ts), last
 * seen now: made just before a burst, so no request of it is the first in a minute (which also
 * saves the session; see loadUser) other than as on a phone that just opened the confirmation.
 * `secure`: signed in over https (behind nginx), where the session cookie is Secure.
 */
export async function signInPhones(db: Kysely<Database>, people: Person[], secret: string, secure = false, lifetimeDays = 30): Promise<Phone[]> {
  const now = Date.now();
  const lifetimeMs = lifetimeDays * 86_400_000;
  const expires = new Date(now + lifetimeMs).toISOString();
  const phones: Phone[] = [];
  const rows = people.map((p) => {
    const sid = crypto.randomBytes(24).toString('base64url');
    const csrf = crypto.randomBytes(32).toString('hex');
    // Each phone has its browser id cookie (src/features/checkin/device-cookie.ts), as the confirmation page left it.
    const device = crypto.randomBytes(16).toString('base64url');
    phones.push({ ...p, cookie: `${signedCookie(sid, secret)}; ikrar.device=${device}`, csrf });
    const data = {
      cookie: { originalMaxAge: lifetimeMs, expires, secure, httpOnly: true, path: '/', sameSite: 'lax' },
      userId: p.userId,
      signedInAt: now,
      lastSeenAt: now,
      lifetimeMs,
      csrfToken: csrf,
    };
    return { sid, user_id: p.userId, data: JSON.stringify(data), created_at: new Date(now).toISOString(), expires_at: expires };
  });
  await db.transaction().execute((trx) => bulkInsert(trx, 'login_sessions', rows));
  return phones;
}

export interface Burst {
  /** Answers that were not a recorded check-in (a 4xx/5xx, or the connection failed). */
  errors: number;
  ok: number;
  latencies: number[];
  seconds: number;
  /** Milliseconds of server CPU per request (summed over the instances behind nginx). */
  cpuMs: number;
  /** Milliseconds of nginx's CPU per request when it is in front, else NaN. */
  proxyCpuMs: number;
  firstErrors: string[];
}

/**
 * Every phone posts its check-in once, `connections` at a time on kept-alive connections (a
 * closed loop: the next post leaves when an answer came back). The token is signed for the
 * slot of the server's clock (`clockOffsetMs` ahead of this one), as the screen shows it.
 * An https `base` is nginx, whose self-signed certificate is `ca`.
 */
export async function fire(o: {
  base: string;
  phones: Phone[];
  target: (p: Person) => CheckInTarget;
  secret: string;
  clockOffsetMs: number;
  connections: number;
  /** The app's processes and nginx's, whose CPU time is counted. */
  pids?: number[];
  proxyPids?: number[];
  ca?: Buffer;
}): Promise<Burst> {
  const key = checkInKey(o.secret);
  const url = new URL(o.base);
  const secure = url.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: o.connections, ca: o.ca }) : new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const post = (p: Phone): Promise<void> => {
    // A second behind the server's clock: a token of the slot before is still accepted, one ahead of it is not.
    const token = signCheckIn(key, o.target(p), slotOf(Date.now() + o.clockOffsetMs - 1000));
    const body = `_csrf=${p.csrf}`;
    const t0 = performance.now();
    return new Promise((resolve) => {
      const req = (secure ? https : http).request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/c/${token}`,
          agent,
          headers: { cookie: p.cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, accept: 'text/html', 'x-forwarded-for': `10.9.${(p.userId >> 8) & 255}.${p.userId & 255}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            const status = res.statusCode ?? 0;
            // The check-in answers with its confirmation (200) or a redirect to it (302/303);
            // a redirect to the login page is a session the server did not accept.
            if (status >= 400 || String(res.headers.location ?? '').startsWith('/login')) {
              errors++;
              if (firstErrors.length < 3) firstErrors.push(`${status} ${res.headers.location ?? ''} ${Buffer.concat(chunks).toString().replace(/\s+/g, ' ').slice(0, 300)}`);
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors++;
        if (firstErrors.length < 3) firstErrors.push(String(err));
        resolve();
      });
      req.end(body);
    });
  };
  const appCpu = cpuMeter(o.pids);
  const proxyCpu = cpuMeter(o.proxyPids);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (next < o.phones.length) await post(o.phones[next++]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { errors, ok: o.phones.length - errors, latencies, seconds, cpuMs: appCpu(o.phones.length), proxyCpuMs: proxyCpu(o.phones.length), firstErrors };
}

/** Rows recorded for the apel of `date` (every unit) or for an event, and the server-time span between the first and the last. */
export async function recorded(db: Kysely<Database>, where: { date: string } | { eventId: number }): Promise<{ rows: number; spanS: number }> {
  let q = db.selectFrom('check_ins').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('checked_in_at').as('first'), eb.fn.max('checked_in_at').as('last')]);
  q = 'date' in where ? q.where('pledge_date', '=', where.date).where('event_id', 'is', null) : q.where('event_id', '=', where.eventId);
  const r = await q.executeTakeFirstOrThrow();
  const spanS = r.first && r.last ? (Date.parse(String(r.last)) - Date.parse(String(r.first))) / 1000 : NaN;
  return { rows: Number(r.n), spanS };
}

export function burstResults(label: string, b: Burst, rows: number, expected: number): Result[] {
  return [
    result(`${label} per second`, 'check-ins/s', b.ok / b.seconds),
    result(`${label} p50`, 'ms', percentile(b.latencies, 50)),
    result(`${label} p95`, 'ms', percentile(b.latencies, 95)),
    result(`${label} errors`, 'count', b.errors),
    result(`${label} not recorded`, 'count', expected - rows),
    result(`${label} server CPU per check-in`, 'ms', b.cpuMs),
    ...proxyCpuResult(`${label} nginx CPU per check-in`, b.proxyCpuMs),
  ];
}

export interface BurstOptions {
  /** The run database (a copy: the bench's writes never reach the generated dataset). */
  url: string;
  dialect: 'sqlite' | 'postgres';
  zone: string;
  /** Employees who check in to their unit's apel in the measured burst. */
  people: number;
  /** Employees who check in to the one event (at most `people` + the warm-up). */
  eventPeople: number;
  connections: number;
  /** Instances of the app that `start` starts (behind nginx when more than one). */
  instances: number;
  log: (s: string) => void;
}

/**
 * Check-ins before the measured burst fill the statement and page caches, as on a server that
 * has been up: this many per instance, as nginx shares them out.
 */
const WARM_UP = 500;

/**
 * The burst on the app (and, on SQLite, first on the bare ceiling, on a copy of the same
 * database): `people` employees check in to their unit's apel of the Monday, then
 * `eventPeople` of them to one event that expects every unit.
 */
export async function measureCheckIns(o: BurstOptions, start: (url: string, env: Record<string, string>, script?: string) => Promise<BenchTarget>): Promise<Result[]> {
  const { date, clock } = burstMonday(o.zone);
  const env = { NODE_ENV: 'test', IKRAR_NOW: clock };
  const db = connect(o.url);
  const out: Result[] = [];
  let people: Person[];
  let eventId: number;
  const warmUp = WARM_UP * o.instances;
  try {
    o.log(`check-ins: ${o.people} + ${warmUp} employees with accounts, every unit on check-in, the apel of ${date} and an event (server clock ${clock})…`);
    people = await burstPeople(db, date, o.people + warmUp);
    eventId = await addEvent(db, date);
  } finally {
    await db.destroy();
  }
  const apel = (p: Person): CheckInTarget => ({ kind: 'apel', opdId: p.opdId, date });

  /** One server: warm-up, the measured burst, the rows. */
  const run = async (url: string, script: string | undefined, label: string) => {
    const spawned = Date.now();
    const server = await start(url, env, script);
    // The server set its clock at start-up, a little after `spawned`: its offset is at most this.
    const clockOffsetMs = Date.parse(clock) - spawned;
    const store = connect(url);
    try {
      const phones = await signInPhones(store, people, server.secret, server.url.startsWith('https:'));
      const common = { base: server.url, secret: server.secret, clockOffsetMs, connections: o.connections, pids: server.appPids, proxyPids: server.proxyPids(), ca: server.ca, target: apel };
      const warm = await fire({ ...common, phones: phones.slice(0, warmUp) });
      if (warm.errors) throw new Error(`${label} warm-up: ${warm.errors} errors, e.g. ${warm.firstErrors.join(' | ')}\n${server.output().slice(-2000)}`);
      o.log(`${label}: ${o.people} check-ins, ${o.connections} at a time…`);
      const burst = await fire({ ...common, phones: phones.slice(warmUp) });
      if (burst.firstErrors.length) o.log(`${label}: ${burst.errors} errors, e.g. ${burst.firstErrors.join(' | ')}`);
      const rows = (await recorded(store, { date })).rows;
      o.log(`${label}: ${Math.round(burst.ok / burst.seconds)}/s, p95 ${percentile(burst.latencies, 95).toFixed(1)} ms, server CPU ${burst.cpuMs.toFixed(2)} ms per check-in, ${rows} rows; load average ${os.loadavg()[0].toFixed(1)}`);
      return { server, store, burst, common, results: burstResults(label, burst, rows, people.length) };
    } catch (err) {
      await store.destroy();
      await server.stop();
      throw err;
    }
  };

  let ceiling: number | null = null;
  if (o.dialect === 'sqlite') {
    const copy = path.join(DATA_DIR, 'ceiling-sqlite.db');
    const clean = () => ['', '-wal', '-shm'].forEach((s) => fs.rmSync(`${copy}${s}`, { force: true }));
    clean();
    const src = connect(o.url);
    await sql`vacuum into ${copy}`.execute(src);
    await src.destroy();
    try {
      const c = await run(copy, 'scripts/bench/checkin-ceiling.ts', 'check-in ceiling (bare Express + better-sqlite3)');
      ceiling = c.burst.ok / c.burst.seconds;
      out.push(...c.results);
      await c.store.destroy();
      await c.server.stop();
    } finally {
      clean();
    }
  }

  const app = await run(o.url, undefined, 'check-in burst');
  try {
    out.push(...app.results);
    if (ceiling) out.push(result('check-in burst share of the bare ceiling', '%', (100 * app.burst.ok) / app.burst.seconds / ceiling));
    o.log(`event: ${o.eventPeople} check-ins…`);
    const phones = await signInPhones(app.store, people.slice(0, o.eventPeople), app.server.secret, app.server.url.startsWith('https:'));
    const ev = await fire({ ...app.common, phones, target: () => ({ kind: 'event', eventId }) });
    if (ev.firstErrors.length) o.log(`event: ${ev.errors} errors, e.g. ${ev.firstErrors.join(' | ')}`);
    const rows = await recorded(app.store, { eventId });
    out.push(
      result('event check-ins: people', 'count', o.eventPeople),
      result('event check-ins: first to last (server time)', 's', rows.spanS),
      result('event check-ins per second', 'check-ins/s', ev.ok / ev.seconds),
      result('event check-ins p95', 'ms', percentile(ev.latencies, 95)),
      result('event check-ins errors', 'count', ev.errors),
      result('event check-ins not recorded', 'count', o.eventPeople - rows.rows),
    );
  } finally {
    await app.store.destroy();
    await app.server.stop();
  }
  return out;
}
