import type { Kysely } from 'kysely';
import { activationKey } from '../../src/features/activation/activation-code';
import { issueCodes } from '../../src/features/activation/activation.service';
import { bulkInsert } from '../../src/features/demo/bulk.repository';
import { DEMO_PASSWORD } from '../../src/features/demo/seed';
import type { Database } from '../../src/db/database';
import type { CurrentUser } from '../../src/http/types';
import { hashPassword } from '../../src/lib/password';
import { Client, csrfOf } from './client';
import { percentile, result, type Result } from './results';
import { statusMb } from './server';

/*
 * Employee accounts at province scale (docs/BENCHMARKS.md, "Employee accounts"): activation
 * codes for every unit through the service, and a minute of sign-ins by NIP at a steady rate
 * over HTTP, each one a full argon2 verification on the server.
 */

/** Codes for every active unit, one unit after another as hr would, timed together. */
export async function measureCodes(db: Kysely<Database>, zone: string, log: (s: string) => void): Promise<Result[]> {
  const hr = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'hr').executeTakeFirstOrThrow();
  const user: CurrentUser = { id: hr.id, username: hr.username, displayName: 'hr', role: 'hr', opdId: null, opdCode: null, language: null, mustChangePassword: false, via: 'session' };
  const units = await db.selectFrom('opds').select(['id', 'code']).where('active_to', 'is', null).execute();
  const ctx = { key: activationKey('bench-secret-'.padEnd(40, 'x')), publicUrl: 'http://127.0.0.1', zone };
  const started = performance.now();
  let codes = 0;
  for (const unit of units) {
    codes += (await issueCodes(db, user, unit, 'without_account', ctx).catch(() => [])).length;
  }
  const s = (performance.now() - started) / 1000;
  log(`codes: ${codes} in ${s.toFixed(1)} s over ${units.length} units`);
  return [result('activation codes for the province', 's', s), result('activation codes issued', 'codes', codes)];
}

/** At least `n` employee accounts with the demo password, made here when the dataset has fewer. */
export async function ensureEmployeeAccounts(db: Kysely<Database>, n: number, today: string): Promise<string[]> {
  const have = await db.selectFrom('users').select('username').where('role', '=', 'pegawai').where('active', '=', 1).limit(n).execute();
  if (have.length >= n) return have.map((u) => u.username);
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = new Date().toISOString();
  const people = await db
    .selectFrom('employees as e')
    .leftJoin('users as u', 'u.employee_id', 'e.id')
    .select(['e.id', 'e.nip', 'e.name'])
    // In service and in a unit today: only they may sign in.
    .innerJoin('assignments as a', 'a.employee_id', 'e.id')
    .where('u.id', 'is', null)
    .where('e.active_to', 'is', null)
    .where('e.active_from', '<=', today)
    .where('a.start_date', '<=', today)
    .where('a.end_date', 'is', null)
    .limit(n - have.length)
    .execute();
  await bulkInsert(
    db,
    'users',
    people.map((p) => ({ username: p.nip.toLowerCase(), display_name: p.name, role: 'pegawai' as const, opd_id: null, employee_id: p.id, password_hash: hash, email: null, language: null, created_at: now, updated_at: now })),
  );
  return [...have.map((u) => u.username), ...people.map((p) => p.nip.toLowerCase())];
}

/**
 * `count` sign-ins spread evenly over `seconds` (an open loop: a slow answer does not slow the
 * next arrival), each from a fresh phone: the login page, then the form. The server's peak memory
 * shows what concurrent argon2 verifications cost.
 */
export async function measureSignIns(o: { base: string; appPid: number; nips: string[]; seconds: number; log: (s: string) => void }): Promise<Result[]> {
  const gap = (o.seconds * 1000) / o.nips.length;
  const times: number[] = [];
  let failed = 0;
  o.log(`sign-ins: ${o.nips.length} over ${o.seconds} s…`);
  const started = performance.now();
  await Promise.all(
    o.nips.map(async (nip, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      // Each phone has its own address, as the Pemda's proxy reports it (the server trusts it).
      const phone = new Client(o.base, { 'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.7` });
      const page = await phone.get('/login');
      const res = await phone.postForm('/login', { username: nip, password: DEMO_PASSWORD, _csrf: csrfOf(page.body.toString()) });
      if (res.status === 302 && !String(res.headers.location).startsWith('/login')) times.push(res.totalMs);
      else if (failed++ < 3) o.log(`sign-in of ${nip} refused: ${res.status}`);
    }),
  );
  const took = (performance.now() - started) / 1000;
  o.log(`sign-ins: done in ${took.toFixed(1)} s, ${failed} failed`);
  return [
    result('employee sign-ins per minute, p50', 'ms', percentile(times, 50)),
    result('employee sign-ins per minute, p95', 'ms', percentile(times, 95)),
    result('employee sign-ins refused or failed', 'count', failed),
    result('employee sign-ins peak server memory', 'MB', statusMb(o.appPid, 'VmHWM')),
  ];
}
