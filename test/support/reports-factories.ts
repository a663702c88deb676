import type { Kysely } from 'kysely';
import type { Database, Status } from '../../src/db/database';
import { refreshEmployeeYearStats } from '../../src/features/compliance/employee-stats';
import { emptyCounts, totalsFromCounts } from '../../src/features/compliance/rollup';
import { insertRoll } from './compliance-factories';
import { makeEmployee, makeOpd, makeUser } from './factories';

const NOW = '2026-01-01T00:00:00.000Z';

/**
 * A session with its roll-call, its rollup columns computed the way the writers compute them.
 * `roll` lists [employeeId, status]; a not-held session has none.
 */
export async function makeRollCall(
  db: Kysely<Database>,
  o: {
    opdId: number;
    date: string;
    state?: 'draft' | 'submitted';
    late?: number;
    held?: number;
    reasonAccepted?: number | null;
    roll?: [number, Status][];
  },
) {
  const counts = emptyCounts();
  for (const [, s] of o.roll ?? []) counts[s]++;
  const submitted = (o.state ?? 'submitted') === 'submitted';
  const session = await db
    .insertInto('sessions')
    .values({
      opd_id: o.opdId,
      pledge_date: o.date,
      state: o.state ?? 'submitted',
      held: o.held ?? 1,
      not_held_kind: o.held === 0 ? 'lainnya' : null,
      not_held_reason: o.held === 0 ? 'Uji' : null,
      reason_accepted: o.reasonAccepted ?? null,
      mode: 'langsung',
      ikrar_version: '2024',
      submitted_at: submitted ? `${o.date}T01:00:00.000Z` : null,
      late: o.late ?? 0,
      ...totalsFromCounts(counts, true),
      created_at: NOW,
      updated_at: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertRoll(db, session, o.roll ?? []);
  return session;
}

/** Moves an employee to another unit from `on` (the old assignment ends that day, exclusive). */
export async function transfer(db: Kysely<Database>, employeeId: number, toOpdId: number, on: string) {
  await db.updateTable('assignments').set({ end_date: on }).where('employee_id', '=', employeeId).where('end_date', 'is', null).execute();
  await db
    .insertInto('assignments')
    .values({ employee_id: employeeId, opd_id: toOpdId, start_date: on, end_date: null, created_at: NOW })
    .execute();
}

/** The employee_year_stats rollup, as the roll-call writers leave it. */
export async function refreshStats(db: Kysely<Database>, employeeIds: number[], year: number) {
  await refreshEmployeeYearStats(db, employeeIds, year);
}

/** A holiday (kept if the date already has one). */
export async function makeHoliday(db: Kysely<Database>, date: string, kind = 'libur_nasional') {
  await db
    .insertInto('holidays')
    .values({ date, name: `Libur uji ${date}`, kind, source: 'uji', needs_review: 0, created_at: NOW, updated_at: NOW })
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
}

/**
 * March 2026 in three units, seen from Thursday 2 April 10:00 WIB (set Settings.now to MARCH_NOW).
 * Pledge dates: 2, 9, 16 and 30 March (23 March is a holiday). RPTA: on time, late, not held,
 * not logged. RPTB: three on time, a draft on the 30th. RPTC: closed after 9 March, never logged.
 * Eko moves from RPTA to RPTB on 16 March; "=HYPERLINK" is a name that a spreadsheet would run.
 */
export const MARCH_NOW = Date.parse('2026-04-02T03:00:00Z');

export async function seedMarch(db: Kysely<Database>, tag: string) {
  await makeHoliday(db, '2026-03-23', 'cuti_bersama');
  const a = await makeOpd(db, { code: `${tag}A`, name: `Dinas Alfa ${tag}` });
  const b = await makeOpd(db, { code: `${tag}B`, name: `Badan Beta ${tag}` });
  const c = await makeOpd(db, { code: `${tag}C`, name: `Kantor Gamma ${tag}`, active_to: '2026-03-09' });
  const formula = await makeEmployee(db, { opdId: a.id, name: '=HYPERLINK("x")' });
  const budi = await makeEmployee(db, { opdId: a.id, name: 'Budi Santoso' });
  const citra = await makeEmployee(db, { opdId: a.id, name: 'Citra Lestari', category: 'PPPK' });
  const dewi = await makeEmployee(db, { opdId: b.id, name: 'Dewi Anggraini' });
  const eko = await makeEmployee(db, { opdId: a.id, name: 'Eko Prasetyo' });
  await transfer(db, eko.id, b.id, '2026-03-16');

  await makeRollCall(db, { opdId: a.id, date: '2026-03-02', roll: [[formula.id, 'TK'], [budi.id, 'H'], [citra.id, 'H'], [eko.id, 'H']] });
  await makeRollCall(db, { opdId: a.id, date: '2026-03-09', late: 1, roll: [[formula.id, 'TK'], [budi.id, 'S'], [citra.id, 'HD'], [eko.id, 'TL']] });
  await makeRollCall(db, { opdId: a.id, date: '2026-03-16', held: 0 });
  await makeRollCall(db, { opdId: b.id, date: '2026-03-02', roll: [[dewi.id, 'H']] });
  await makeRollCall(db, { opdId: b.id, date: '2026-03-09', roll: [[dewi.id, 'H']] });
  await makeRollCall(db, { opdId: b.id, date: '2026-03-16', roll: [[dewi.id, 'TK'], [eko.id, 'TK']] });
  await makeRollCall(db, { opdId: b.id, date: '2026-03-30', state: 'draft', roll: [[dewi.id, 'H'], [eko.id, 'H']] });
  const people = { formula, budi, citra, dewi, eko };
  await refreshStats(db, Object.values(people).map((p) => p.id), 2026);

  const users = {
    admin: await makeUser(db, { role: 'admin' }),
    hr: await makeUser(db, { role: 'hr' }),
    sekda: await makeUser(db, { role: 'sekda' }),
    opdA: await makeUser(db, { role: 'opd', opdId: a.id }),
    opdB: await makeUser(db, { role: 'opd', opdId: b.id }),
  };
  return { opds: { a, b, c }, people, users };
}

export type MarchScenario = Awaited<ReturnType<typeof seedMarch>>;
