/**
 * The ceiling of the check-in burst (docs/BENCHMARKS.md, "Check-in burst"): a bare Express +
 * better-sqlite3 server doing the least a check-in must do — the signed session cookie, the
 * session row and its CSRF token, the QR token, the account, the insert — on a copy of the
 * same database, with the app's pragmas (openSqlite) and no middleware, views or Kysely.
 * The inserts that arrive together are committed together (one fsync of the WAL, as the app's
 * src/db/group-commit.ts does): with a commit per check-in, `synchronous=FULL` on this machine's
 * disk holds any server to about 140 a second (CEILING_COMMIT=each measures that).
 * Started as a process of its own by scripts/bench/checkins.ts, like the real server.
 * Env: DATABASE_URL (a SQLite file), SESSION_SECRET, HOST, PORT, IKRAR_NOW (the server's clock).
 */
import crypto from 'node:crypto';
import express from 'express';
import { openSqlite } from '../../src/db/connect';
import { isUniqueViolation } from '../../src/db/unique-violation';
import { checkInKey, readCheckIn } from '../../src/features/checkin/check-in-token';
import { applyClockOverride, nowIso, nowMs } from '../../src/lib/clock';

applyClockOverride({ ...process.env, NODE_ENV: 'test' });
const secret = process.env.SESSION_SECRET!;
const key = checkInKey(secret);
const sqlite = openSqlite(process.env.DATABASE_URL!);
const findSession = sqlite.prepare<[string], { data: string; expires_at: string }>('select data, expires_at from login_sessions where sid = ?');
const findAccount = sqlite.prepare<[number], { employee_id: number | null }>('select employee_id from users where id = ? and active = 1');
const insert = sqlite.prepare(
  "insert into check_ins (opd_id, pledge_date, event_id, employee_id, checked_in_at, method) values (?, ?, ?, ?, ?, 'self')",
);

/** The session id of a cookie signed as express-session signs it, or null. */
function sessionId(cookieHeader: string | undefined): string | null {
  const m = /(?:^|;\s*)ikrar\.sid=([^;]+)/.exec(cookieHeader ?? '');
  if (!m) return null;
  const value = decodeURIComponent(m[1]);
  if (!value.startsWith('s:')) return null;
  const dot = value.lastIndexOf('.');
  const sid = value.slice(2, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const mac = Buffer.from(crypto.createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, ''));
  return given.length === mac.length && crypto.timingSafeEqual(given, mac) ? sid : null;
}

const app = express();
app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
app.post('/c/:token', express.urlencoded({ extended: false, limit: '2kb' }), (req, res) => {
  const sid = sessionId(req.get('cookie'));
  const row = sid ? findSession.get(sid) : undefined;
  if (!row || row.expires_at <= new Date().toISOString()) return void res.status(403).send('signed out');
  const session = JSON.parse(row.data) as { userId?: number; csrfToken?: string };
  if (!session.csrfToken || (req.body as { _csrf?: string })._csrf !== session.csrfToken) return void res.status(403).send('csrf');
  const reading = readCheckIn(key, String(req.params.token), nowMs());
  if (!reading.ok) return void res.status(400).send(reading.reason);
  const account = findAccount.get(session.userId ?? 0);
  if (!account?.employee_id) return void res.status(403).send('no employee');
  const t = reading.target;
  // The unit of an event's check-in would be the employee's unit today; the ceiling takes the first one.
  const opdId = t.kind === 'apel' ? t.opdId : 1;
  const date = t.kind === 'apel' ? t.date : nowIso().slice(0, 10);
  commit(() => {
    try {
      insert.run(opdId, date, t.kind === 'event' ? t.eventId : null, account.employee_id, nowIso());
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }, () => res.redirect(303, '/me'));
});

let pending: { write: () => void; done: () => void }[] = [];
/** Runs `write` now (CEILING_COMMIT=each) or with the others of this turn in one transaction; `done` after the commit. */
function commit(write: () => void, done: () => void) {
  if (process.env.CEILING_COMMIT === 'each') {
    write();
    return done();
  }
  if (!pending.length) {
    setImmediate(() => {
      const batch = pending;
      pending = [];
      sqlite.transaction(() => batch.forEach((p) => p.write()))();
      batch.forEach((p) => p.done());
    });
  }
  pending.push({ write, done });
}

app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
