import { Settings } from 'luxon';
import {
  createHoliday,
  deleteHoliday,
  ensureOfficialHolidays,
  loadHolidayMap,
  loadOfficialYear,
  PREFILL_SOURCE,
  updateHoliday,
} from '../../src/features/holidays/holidays.service';
import { OFFICIAL_HOLIDAYS } from '../../src/features/holidays/official';
import { saveSettings } from '../../src/features/settings/settings.service';
import { expectedSessionDates, pledgeDatesBetween } from '../../src/lib/calendar';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeOpd, makeSession, makeUser } from '../support/factories';

const ctx = useTestApp();
const system = { system: 'test' };
const ZONE = 'Asia/Jakarta';
let hr: Agent & { csrf: string };
let admin: Agent & { csrf: string };
let sekda: Agent & { csrf: string };
let opd: Agent & { csrf: string };

beforeAll(async () => {
  Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  const unit = await makeOpd(ctx.db);
  hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
  sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  opd = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unit.id })).username);
});
afterAll(() => {
  Settings.now = () => Date.now();
});

const holidayAt = (date: string) => ctx.db.selectFrom('holidays').selectAll().where('date', '=', date).executeTakeFirst();
const auditOf = (entityId: number) =>
  ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'holiday').where('entity_id', '=', String(entityId)).orderBy('id').execute();

describe('official lists', () => {
  it('loads 2025 and 2026 once, with the Mondays the issue names, and never twice', async () => {
    expect(await ensureOfficialHolidays(ctx.db, ZONE)).toEqual([2025, 2026]);
    const total = OFFICIAL_HOLIDAYS[2025].length + OFFICIAL_HOLIDAYS[2026].length;
    const count = async () => Number((await ctx.db.selectFrom('holidays').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(total);
    for (const d of ['2025-01-27', '2025-03-31', '2025-04-07', '2025-05-12', '2025-06-09', '2025-08-18', '2026-02-16', '2026-03-23', '2026-06-01', '2026-08-17']) {
      const h = await holidayAt(d);
      expect(h).toMatchObject({ needs_review: 0 });
      expect(h!.source).toMatch(/^SKB 3 Menteri 202[56]/);
    }
    expect(await ensureOfficialHolidays(ctx.db, ZONE)).toEqual([]);
    expect(await count()).toBe(total);
  });

  it('does not bring back an official holiday deleted on purpose, but "load official list" does', async () => {
    const h = (await holidayAt('2026-12-24'))!;
    await deleteHoliday(ctx.db, system, h.id, ZONE);
    await ensureOfficialHolidays(ctx.db, ZONE);
    expect(await holidayAt('2026-12-24')).toBeUndefined();

    const page = await hr.get('/holidays?year=2026');
    expect(page.text).toContain('1 tanggal dari daftar resmi (SKB) belum ada di kalender.');
    const res = await hr.post('/holidays/official').type('form').send({ year: '2026', _csrf: hr.csrf });
    expect(res.status).toBe(302);
    expect(await holidayAt('2026-12-24')).toMatchObject({ kind: 'cuti_bersama' });
    expect((await hr.get('/holidays?year=2026')).text).not.toContain('belum ada di kalender');
    expect(await loadOfficialYear(ctx.db, system, 2026, ZONE)).toBe(0);
  });
});

describe('GET /holidays', () => {
  it.each([['hr'], ['admin'], ['sekda'], ['opd']])('lets %s read a year, with what each Monday holiday does', async (role) => {
    const agent = { hr, admin, sekda, opd }[role]!;
    const res = await agent.get('/holidays?year=2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Hari Proklamasi Kemerdekaan RI');
    expect(res.text).toContain('Senin, 17 Agustus 2026');
    expect(res.text).toContain('Tidak ada apel minggu ini.');
    expect(res.text.includes('/holidays/new')).toBe(role === 'hr' || role === 'admin');
  });

  it('shows the moved apel under the next-working-day policy', async () => {
    await saveSettings(ctx.db, system, { holiday_policy: 'next_working_day' });
    const res = await hr.get('/holidays?year=2026');
    expect(res.text).toContain('Apel dipindah ke Selasa, 18 Agustus 2026.');
    await saveSettings(ctx.db, system, { holiday_policy: 'skip' });
  });

  it('defaults to the current year in the instance zone and 404s a year that is not one', async () => {
    expect((await hr.get('/holidays')).text).toContain('Hari libur 2026');
    expect((await hr.get('/holidays?year=abc')).status).toBe(404);
    expect((await hr.get('/holidays?year=1800')).status).toBe(404);
  });

  it('sends anonymous visitors to the login page', async () => {
    const { default: request } = await import('supertest');
    const res = await request(ctx.app).get('/holidays');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?next=%2Fholidays');
  });
});

describe('writes', () => {
  it('refuses sekda and opd users with 403 and changes nothing', async () => {
    const h = (await holidayAt('2026-08-17'))!;
    for (const agent of [sekda, opd]) {
      expect((await agent.get('/holidays/new')).status).toBe(403);
      expect((await agent.get(`/holidays/${h.id}/edit`)).status).toBe(403);
      const body = { date: '2026-11-30', name: 'X', kind: 'libur_daerah', _csrf: agent.csrf };
      expect((await agent.post('/holidays').type('form').send(body)).status).toBe(403);
      expect((await agent.post(`/holidays/${h.id}`).type('form').send(body)).status).toBe(403);
      expect((await agent.post(`/holidays/${h.id}/delete`).type('form').send({ _csrf: agent.csrf })).status).toBe(403);
      expect((await agent.post('/holidays/prefill').type('form').send({ year: '2030', _csrf: agent.csrf })).status).toBe(403);
    }
    expect(await holidayAt('2026-11-30')).toBeUndefined();
    expect(await holidayAt('2026-08-17')).toMatchObject({ name: h.name });
  });

  it('lets hr add a regional holiday, audited', async () => {
    const res = await hr
      .post('/holidays')
      .type('form')
      .send({ date: '2026-11-30', name: 'HUT Provinsi', kind: 'libur_daerah', source: 'Keputusan Gubernur', _csrf: hr.csrf });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/holidays?year=2026');
    const row = (await holidayAt('2026-11-30'))!;
    expect(row).toMatchObject({ name: 'HUT Provinsi', kind: 'libur_daerah', source: 'Keputusan Gubernur', needs_review: 0 });
    const audit = await auditOf(row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', entity: 'holiday' });
    expect((await hr.get('/holidays?year=2026')).text).toContain('HUT Provinsi');
  });

  it('answers bad input with 422, the input kept and a message per field', async () => {
    const res = await hr.post('/holidays').type('form').send({ date: '2026-02-30', name: '', kind: 'pesta', source: 'Sumber saya', _csrf: hr.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tanggal tidak valid (format TTTT-BB-HH).');
    expect(res.text).toContain('Wajib diisi.');
    expect(res.text).toContain('Pilihan tidak dikenal.');
    expect(res.text).toContain('value="Sumber saya"');
    expect(res.text).toContain('value="2026-02-30"');
  });

  it('refuses a date already on the calendar with 422', async () => {
    const res = await admin.post('/holidays').type('form').send({ date: '2026-08-17', name: 'Dobel', kind: 'libur_daerah', _csrf: admin.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tanggal ini sudah ada di kalender.');
    expect(res.text).toContain('value="Dobel"');
  });

  it('translates messages for English users', async () => {
    const res = await hr.post('/holidays?lang=en').type('form').send({ date: 'x', name: 'A', kind: 'libur_daerah', _csrf: hr.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Invalid date');
    await hr.get('/holidays?lang=id');
  });

  it('lets hr edit and delete, with before and after in the audit', async () => {
    const row = (await holidayAt('2026-11-30'))!;
    const edit = await hr.get(`/holidays/${row.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="HUT Provinsi"');
    const res = await hr
      .post(`/holidays/${row.id}`)
      .type('form')
      .send({ date: '2026-12-01', name: 'HUT Provinsi ke-80', kind: 'libur_daerah', source: '', needs_review: '1', _csrf: hr.csrf });
    expect(res.status).toBe(302);
    expect(await holidayAt('2026-11-30')).toBeUndefined();
    expect(await holidayAt('2026-12-01')).toMatchObject({ name: 'HUT Provinsi ke-80', source: null, needs_review: 1 });
    const update = (await auditOf(row.id))[1];
    expect(JSON.parse(update.before!)).toMatchObject({ date: '2026-11-30' });
    expect(JSON.parse(update.after!)).toMatchObject({ date: '2026-12-01' });

    const clash = await hr.post(`/holidays/${row.id}`).type('form').send({ date: '2026-12-25', name: 'Z', kind: 'libur_daerah', _csrf: hr.csrf });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('Tanggal ini sudah ada di kalender.');

    expect((await hr.post(`/holidays/${row.id}/delete`).type('form').send({ _csrf: hr.csrf })).status).toBe(302);
    expect(await holidayAt('2026-12-01')).toBeUndefined();
    expect((await auditOf(row.id)).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('answers 404 for a holiday that does not exist', async () => {
    expect((await hr.get('/holidays/999999/edit')).status).toBe(404);
    expect((await hr.get('/holidays/abc/edit')).status).toBe(404);
    expect((await hr.post('/holidays/999999/delete').type('form').send({ _csrf: hr.csrf })).status).toBe(404);
  });

  it('refuses a write without the CSRF token', async () => {
    const res = await hr.post('/holidays').type('form').send({ date: '2026-11-30', name: 'X', kind: 'libur_daerah' });
    expect(res.status).toBe(403);
  });
});

describe('pre-fill from date-holidays', () => {
  it('inserts a year without an official list, marked for review, once', async () => {
    const res = await hr.post('/holidays/prefill').type('form').send({ year: '2027', _csrf: hr.csrf });
    expect(res.status).toBe(302);
    const rows = await ctx.db.selectFrom('holidays').selectAll().where('date', '>=', '2027-01-01').where('date', '<=', '2027-12-31').execute();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.every((r) => r.needs_review === 1 && r.source === PREFILL_SOURCE)).toBe(true);
    expect(rows.find((r) => r.date === '2027-08-17')).toBeDefined();
    const page = await hr.get('/holidays?year=2027');
    expect(page.text).toContain(`${rows.length} hari libur ditambahkan dari date-holidays`);
    expect(page.text).toContain('perlu verifikasi');

    await hr.post('/holidays/prefill').type('form').send({ year: '2027', _csrf: hr.csrf });
    const again = await ctx.db.selectFrom('holidays').select('id').where('date', '>=', '2027-01-01').where('date', '<=', '2027-12-31').execute();
    expect(again).toHaveLength(rows.length);
    expect((await hr.get('/holidays?year=2027')).text).toContain('0 hari libur ditambahkan');
  });

  it('refuses a year that has an official list', async () => {
    const before = await ctx.db.selectFrom('holidays').select('id').where('source', '=', PREFILL_SOURCE).where('date', '<', '2027-01-01').execute();
    await hr.post('/holidays/prefill').type('form').send({ year: '2026', _csrf: hr.csrf });
    const page = await hr.get('/holidays?year=2026');
    expect(page.text).toContain('Tahun ini memiliki daftar resmi');
    expect(before).toHaveLength(0);
    const after = await ctx.db.selectFrom('holidays').select('id').where('source', '=', PREFILL_SOURCE).where('date', '<', '2027-01-01').execute();
    expect(after).toHaveLength(0);
  });
});

describe('holidays decide the expected sessions', () => {
  const opdPeriod = { active_from: '2020-01-01', active_to: null };
  const expected = async (from: string, to: string, policy: 'skip' | 'next_working_day' = 'skip') =>
    expectedSessionDates(opdPeriod, from, to, await loadHolidayMap(ctx.db, from, to), policy);

  it('adding, moving and deleting a holiday changes the expected sessions at once', async () => {
    expect(await expected('2028-11-13', '2028-11-27')).toEqual(['2028-11-13', '2028-11-20', '2028-11-27']);
    const h = await createHoliday(ctx.db, system, { date: '2028-11-20', name: 'Libur daerah', kind: 'libur_daerah', source: null, needs_review: 0 }, ZONE);
    expect(await expected('2028-11-13', '2028-11-27')).toEqual(['2028-11-13', '2028-11-27']);
    expect(await expected('2028-11-13', '2028-11-27', 'next_working_day')).toEqual(['2028-11-13', '2028-11-21', '2028-11-27']);
    await updateHoliday(ctx.db, system, h.id, { date: '2028-11-21', name: 'Libur daerah', kind: 'libur_daerah', source: null, needs_review: 0 }, ZONE);
    expect(await expected('2028-11-13', '2028-11-27')).toEqual(['2028-11-13', '2028-11-20', '2028-11-27']);
    await deleteHoliday(ctx.db, system, h.id, ZONE);
    expect(await expected('2028-11-13', '2028-11-27', 'next_working_day')).toEqual(['2028-11-13', '2028-11-20', '2028-11-27']);
  });

  it('loads whole weeks, so a week straddling the range end still moves correctly', async () => {
    const h = await createHoliday(ctx.db, system, { date: '2028-12-04', name: 'A', kind: 'libur_daerah', source: null, needs_review: 0 }, ZONE);
    await createHoliday(ctx.db, system, { date: '2028-12-05', name: 'B', kind: 'libur_daerah', source: null, needs_review: 0 }, ZONE);
    const map = await loadHolidayMap(ctx.db, '2028-12-04', '2028-12-04');
    expect(map.get('2028-12-05')).toBe('libur_daerah');
    expect(pledgeDatesBetween('2028-12-04', '2028-12-10', map, 'next_working_day')).toEqual(['2028-12-06']);
    await deleteHoliday(ctx.db, system, h.id, ZONE);
  });

  it('an official Monday holiday removes that week from 2026', async () => {
    const dates = await expected('2026-08-01', '2026-08-31');
    expect(dates).toEqual(['2026-08-03', '2026-08-10', '2026-08-24', '2026-08-31']);
  });
});

describe('holidays move deadlines of submitted sessions', () => {
  it('re-decides "late" when a holiday falls on the day after the apel, and again when it goes', async () => {
    const unit = await makeOpd(ctx.db);
    // Pledge date Monday 2027-11-22; submitted Tuesday 13:00 WIB, an hour after the default deadline.
    const session = await makeSession(ctx.db, { opdId: unit.id, date: '2027-11-22', submittedAt: '2027-11-23T06:00:00.000Z', late: 1 });
    const lateOf = async () => (await ctx.db.selectFrom('sessions').select('late').where('id', '=', session.id).executeTakeFirstOrThrow()).late;

    const res = await hr.post('/holidays').type('form').send({ date: '2027-11-23', name: 'Libur daerah', kind: 'libur_daerah', _csrf: hr.csrf });
    expect(res.status).toBe(302);
    expect(await lateOf()).toBe(0); // the deadline moved to Wednesday 12:00
    const audit = await ctx.db.selectFrom('audit_log').select('after').where('entity', '=', 'holiday_calendar').where('action', '=', 'recompute').execute();
    expect(audit.map((a) => JSON.parse(a.after!))).toContainEqual({ late_changed: 1 });

    const h = (await holidayAt('2027-11-23'))!;
    await hr.post(`/holidays/${h.id}/delete`).type('form').send({ _csrf: hr.csrf });
    expect(await lateOf()).toBe(1);
  });
});
