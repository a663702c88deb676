import { sql } from 'kysely';
import { Settings } from 'luxon';
import { rebuildRollups } from '../../src/features/compliance/rebuild';
import { generateDemo } from '../../src/features/demo/seed';
import { getSettings } from '../../src/features/settings/settings.repository';
import { validateNip } from '../../src/lib/nip';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';

describe('the demo province', () => {
  let t: TestDb;
  let keysBefore: unknown;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 13:00 WIB: last Monday's deadline has just passed.
    Settings.now = () => Date.parse('2026-11-24T06:00:00Z');
    t = await createTestDb();
    keysBefore = await bulkLoadFacts(t);
    await generateDemo(t.db, 'Asia/Jakarta', { employees: 900, opds: 40, weeks: 16 });
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await t.destroy();
  });

  it('has the units, people and accounts the README promises', async () => {
    const opds = await t.db.selectFrom('opds').select('code').execute();
    expect(opds).toHaveLength(40);
    expect(opds.map((o) => o.code)).toEqual(expect.arrayContaining(['SETDA', 'DISDIK', 'DINKES', 'BKD', 'DISKOMINFO', 'KEC-KOTA']));
    const users = await t.db.selectFrom('users').select(['username', 'role']).execute();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'hr', 'sekda', 'opd-diskominfo', 'opd-kec-kota']));
    expect(users.filter((u) => u.role === 'opd')).toHaveLength(40);
  });

  it("gives everyone working in DISKOMINFO today an employee account named by their NIP, and nobody else", async () => {
    const accounts = await t.db
      .selectFrom('users')
      .innerJoin('employees', 'employees.id', 'users.employee_id')
      .innerJoin('assignments', (j) => j.onRef('assignments.employee_id', '=', 'employees.id').on('assignments.end_date', 'is', null))
      .innerJoin('opds', 'opds.id', 'assignments.opd_id')
      .select(['users.username', 'users.role', 'users.active', 'employees.nip', 'opds.code'])
      .execute();
    expect(accounts.length).toBeGreaterThan(10);
    expect(accounts.every((a) => a.role === 'pegawai' && a.active === 1 && a.username === a.nip.toLowerCase() && a.code === 'DISKOMINFO')).toBe(true);
    const staff = await t.db.selectFrom('employees').innerJoin('assignments', 'assignments.employee_id', 'employees.id').innerJoin('opds', 'opds.id', 'assignments.opd_id')
      .select((eb) => eb.fn.countAll().as('n')).where('opds.code', '=', 'DISKOMINFO').where('assignments.end_date', 'is', null).executeTakeFirstOrThrow();
    expect(accounts).toHaveLength(Number(staff.n));
  });

  it('gives every PNS and PPPK a valid NIP', async () => {
    const employees = await t.db.selectFrom('employees').select(['nip', 'category', 'gender']).execute();
    const invalid = employees.filter((e) => !validateNip(e.nip, e.category, e.gender, '2026-11-24').ok);
    expect(invalid).toEqual([]);
    expect(new Set(employees.map((e) => e.category))).toEqual(new Set(['PNS', 'CPNS', 'PPPK', 'PPPK_PW', 'NON_ASN']));
  });

  it('has a unit that never logs, one not-held session, and this week open for DISKOMINFO', async () => {
    const sessionsOf = (code: string) =>
      t.db.selectFrom('sessions').innerJoin('opds', 'opds.id', 'sessions.opd_id').selectAll('sessions').where('opds.code', '=', code).execute();
    expect(await sessionsOf('KESBANGPOL')).toEqual([]);
    expect((await sessionsOf('BPBD')).filter((s) => s.held === 0)).toHaveLength(1);
    const diskominfo = await sessionsOf('DISKOMINFO');
    expect(diskominfo.map((s) => s.pledge_date)).not.toContain('2026-11-23');
    expect(diskominfo.length).toBeGreaterThan(4);
    const late = await t.db.selectFrom('sessions').select('id').where('late', '=', 1).execute();
    expect(late.length).toBeGreaterThan(0);
  });

  it('has DISKOMINFO on check-in with an apel point, and check-ins behind most of its past Hadir and Terlambat', async () => {
    const unit = await t.db.selectFrom('opds').selectAll().where('code', '=', 'DISKOMINFO').executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ check_in: 1, apel_radius_m: 150 });
    expect(unit.apel_lat).toBeCloseTo(-6.99, 1);
    const others = await t.db.selectFrom('opds').select('code').where('check_in', '=', 1).execute();
    expect(others.map((o) => o.code)).toEqual(['DISKOMINFO']);
    const present = await t.db.selectFrom('attendance').select(['employee_id', 'pledge_date', 'status']).where('opd_id', '=', unit.id).where('status', 'in', ['H', 'TL']).execute();
    const checkIns = await t.db.selectFrom('check_ins').selectAll().execute();
    const key = (r: { employee_id: number; pledge_date: string }) => `${r.employee_id}@${r.pledge_date}`;
    const presentKeys = new Set(present.map(key));
    // Every check-in backs a Hadir or Terlambat of the unit; most of them have one, not all.
    expect(checkIns.filter((c) => !presentKeys.has(key(c)) || c.opd_id !== unit.id)).toEqual([]);
    const share = checkIns.length / present.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.97);
    // Hadir before the start (07:30 WIB = 00:30 UTC), Terlambat after it.
    const statusOf = new Map(present.map((p) => [key(p), p.status]));
    const early = checkIns.filter((c) => c.checked_in_at.slice(11, 16) <= '00:30');
    expect(early.every((c) => statusOf.get(key(c)) === 'H')).toBe(true);
    expect(checkIns.some((c) => c.place === 'outside' && c.review === 'accepted')).toBe(true);
  });

  it('skips the holiday Mondays of the official calendar', async () => {
    const dates = await t.db.selectFrom('sessions').select('pledge_date').distinct().orderBy('pledge_date').execute();
    expect(dates.map((d) => d.pledge_date)).toEqual(expect.arrayContaining(['2026-08-10', '2026-08-24']));
    expect(dates.map((d) => d.pledge_date)).not.toContain('2026-08-17');
    expect(dates.every((d) => new Date(`${d.pledge_date}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('writes rollups equal to a rebuild from the raw rows', async () => {
    const snapshot = async () => ({
      sessions: await t.db.selectFrom('sessions').select(['id', 'expected_count', 'excused_count', 'compliant_count', 'count_tk', 'rate']).orderBy('id').execute(),
      stats: await t.db
        .selectFrom('employee_year_stats')
        .select(['employee_id', 'year', 'tk_count', 'tk_streak', 'max_streak', 'last_pledge_date', 'opd_id', 'step', 'open_flag'])
        .orderBy('employee_id')
        .orderBy('year')
        .execute(),
    });
    const before = await snapshot();
    expect(before.stats.some((s) => s.open_flag === 1)).toBe(true);
    await rebuildRollups(t.db, await getSettings(t.db));
    const after = await snapshot();
    expect(after.sessions).toEqual(before.sessions);
    expect(after.stats).toEqual(before.stats);
  });

  it('puts back the attendance foreign keys and the page cache it set aside for the bulk load', async () => {
    expect(await bulkLoadFacts(t)).toEqual(keysBefore);
    const employee = await t.db.selectFrom('employees').select('id').executeTakeFirstOrThrow();
    const row = { employee_id: employee.id, opd_id: 1, pledge_date: '2026-11-23', status: 'H' as const, cuti_type: null, note: null, planned_absence_id: null };
    // The message, not rejects.toThrow(): better-sqlite3 builds its errors in the realm of the
    // first test file its jest worker loaded; in any other file they are not `instanceof Error`,
    // and toThrow() reports that nothing was thrown.
    const refused = await t.db
      .insertInto('attendance')
      .values({ ...row, session_id: 999_999 })
      .execute()
      .then(() => 'inserted', (e: Error) => e.message);
    expect(refused).toMatch(/foreign key/i);
  });
});

/** The attendance table's foreign keys and the connection's page cache, as each database states them. */
async function bulkLoadFacts(t: TestDb) {
  if (TEST_DIALECT === 'postgres') {
    const { rows } = await sql<{ name: string; def: string; validated: boolean }>`
      select conname as name, pg_get_constraintdef(oid) as def, convalidated as validated from pg_constraint
      where contype = 'f' and conrelid = 'attendance'::regclass order by conname`.execute(t.db);
    expect(rows).toHaveLength(2);
    return rows;
  }
  const keys = await sql<{ table: string; from: string; on_delete: string }>`pragma foreign_key_list(attendance)`.execute(t.db);
  const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(t.db);
  expect(keys.rows).toHaveLength(2);
  return { keys: keys.rows.map((k) => [k.table, k.from, k.on_delete]).sort(), cache: cache.rows[0].cache_size };
}
