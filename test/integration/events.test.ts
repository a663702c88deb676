import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { settingsForm } from '../../src/features/settings/settings.presenter';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeSession, makeUnit, makeUser, type RollEntry } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';
import { expectDocumented } from '../support/openapi-validate';
import { binary } from '../support/reports-files';

/*
 * Events besides the weekly apel (docs/DESIGN.md, "Employees, check-in and events"). November
 * 2026, seen on Friday the 27th: units A and B held and logged every Monday with everyone Hadir.
 * An apel gabungan (a counted kind) on Wednesday the 18th expects A only; a ceremony of kind
 * "lainnya" (not counted) on Thursday the 19th expects every unit. A logs both: one TK (b) at the
 * apel gabungan, everyone TK at the ceremony. So A's month is 5 expected dates and 14 Hadir of 15
 * (93.3%) on every surface, and b has 1 TK, a none; once "lainnya" counts too, 6 dates, 14 of 18
 * and a has 1 TK.
 */
const NOW = '2026-11-27T03:00:00Z';
const MONDAYS = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
const GABUNGAN = '2026-11-18';
const CEREMONY = '2026-11-19';

type Unit = Awaited<ReturnType<typeof makeUnit>>;

describe('events', () => {
  const ctx = useTestApp();
  let A: Unit;
  let B: Unit;
  let hr: Agent & { csrf: string };
  let token: string;
  const ids = { gabungan: 0, ceremony: 0 };

  const eventBody = (over: Record<string, unknown> = {}) => ({
    _csrf: hr.csrf,
    kind: 'apel_gabungan',
    title: 'Apel Gabungan November',
    date: GABUNGAN,
    start_time: '07:30',
    place: 'Halaman Kantor Bupati',
    mode: 'gabungan',
    expected: 'chosen',
    units: [String(A.opd.id)],
    // Without check-in: these roll-calls start with everyone Hadir (roll-call-evidence.test.ts covers check-in).
    ...over,
  });
  const countEvents = async () => Number((await ctx.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  /** The operator logs the unit's roll-call for a date: everyone Hadir but the `tk` people, then submit. */
  async function logRollCall(unit: Unit, date: string, tk: number[]) {
    const agent = await signIn(ctx.app, unit.operator.username);
    const page = await agent.get(sessionUrl(unit.opd.code, date));
    expect(page.status).toBe(200);
    const fields = formFields(page.text);
    const marks = Object.fromEntries(tk.map((id) => [`status[${id}]`, 'TK']));
    const res = await agent.post(sessionUrl(unit.opd.code, date)).type('form').send({ ...fields, ...marks, pembina: 'Sekda', ikrar_reader: 'Kabag', action: 'submit' });
    expect(res.status).toBe(302);
    return page;
  }

  beforeAll(async () => {
    fixNow(NOW);
    A = await makeUnit(ctx.db, 3);
    B = await makeUnit(ctx.db, 3);
    for (const u of [A, B]) for (const date of MONDAYS) await makeSession(ctx.db, { opdId: u.opd.id, date, roll: u.employees.map((e): RollEntry => [e.id, 'H']) });
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    token = await makeToken(ctx.db, { role: 'hr' });
  });
  afterAll(() => resetNow());

  describe('create and edit', () => {
    it('refuses bad input with a message per field and stores nothing', async () => {
      const before = await countEvents();
      const res = await hr.post('/events').type('form').send(eventBody({ title: '  ', start_time: '25:00', units: [] }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Isi jam dengan format JJ:MM');
      expect(res.text).toContain('Pilih minimal satu unit, atau pilih Semua unit.');
      expect(res.text).toMatch(/id="title-error"/);
      // The user's input is shown again.
      expect(res.text).toContain('Halaman Kantor Bupati');
      const bad = await hr.post('/events').type('form').send(eventBody({ kind: 'pesta', date: '2026-02-30', units: ['999999'] }));
      expect(bad.status).toBe(422);
      expect(bad.text).toMatch(/id="kind-error"/);
      expect(bad.text).toMatch(/id="date-error"/);
      expect(await countEvents()).toBe(before);
    });

    it('creates the two events; a second event for the same unit on the same day is refused', async () => {
      const g = await hr.post('/events').type('form').send(eventBody());
      expect(g.status).toBe(302);
      ids.gabungan = Number(/\/events\/(\d+)$/.exec(g.headers.location)![1]);
      const c = await hr.post('/events').type('form').send(eventBody({ kind: 'lainnya', title: 'Upacara Hari Jadi Kabupaten', date: CEREMONY, mode: 'langsung', expected: 'all', units: [] }));
      expect(c.status).toBe(302);
      ids.ceremony = Number(/\/events\/(\d+)$/.exec(c.headers.location)![1]);
      const before = await countEvents();
      const clash = await hr.post('/events').type('form').send(eventBody({ title: 'Apel kedua' }));
      expect(clash.status).toBe(422);
      expect(clash.text).toContain('Sudah ada acara lain pada tanggal ini untuk unit yang sama.');
      expect(await countEvents()).toBe(before);
      const units = await ctx.db.selectFrom('event_units').select('opd_id').where('event_id', '=', ids.gabungan).execute();
      expect(units.map((u) => u.opd_id)).toEqual([A.opd.id]);
    });

    it('edits an event; the form starts from what is stored', async () => {
      const form = await hr.get(`/events/${ids.gabungan}/edit`);
      expect(form.status).toBe(200);
      expect(form.text).toContain('value="Apel Gabungan November"');
      const res = await hr.post(`/events/${ids.gabungan}`).type('form').send(eventBody({ place: 'Alun-alun' }));
      expect(res.status).toBe(302);
      expect((await ctx.db.selectFrom('events').select('place').where('id', '=', ids.gabungan).executeTakeFirstOrThrow()).place).toBe('Alun-alun');
    });
  });

  describe('the unit session on an event date', () => {
    it('is a session page for an expected unit, naming the event; a 404 for a unit not expected', async () => {
      const a = await signIn(ctx.app, A.operator.username);
      const page = await a.get(sessionUrl(A.opd.code, GABUNGAN));
      expect(page.status).toBe(200);
      expect(page.text).toContain('Presensi unit untuk acara');
      expect(page.text).toContain(`href="/events/${ids.gabungan}"`);
      const b = await signIn(ctx.app, B.operator.username);
      expect((await b.get(sessionUrl(B.opd.code, GABUNGAN))).status).toBe(404);
      expect((await hr.get(sessionUrl(B.opd.code, GABUNGAN))).status).toBe(404);
      // An ordinary Wednesday without an event has no session page.
      expect((await hr.get(sessionUrl(A.opd.code, '2026-11-25'))).status).toBe(404);
      // The all-unit ceremony: B's page exists, marked as not counted.
      const ceremony = await b.get(sessionUrl(B.opd.code, CEREMONY));
      expect(ceremony.status).toBe(200);
      expect(ceremony.text).toContain('Acara jenis ini tidak dihitung dalam kepatuhan');
    });

    it('stores the roll-call as the unit session with the event, counted by its kind', async () => {
      const [, b] = A.employees;
      const page = await logRollCall(A, GABUNGAN, [b.id]);
      expect(formFields(page.text).mode).toBe('gabungan');
      await logRollCall(A, CEREMONY, A.employees.map((e) => e.id));
      const rows = await ctx.db.selectFrom('sessions').select(['pledge_date', 'event_id', 'counted', 'state']).where('opd_id', '=', A.opd.id).where('event_id', 'is not', null).orderBy('pledge_date').execute();
      expect(rows).toEqual([
        { pledge_date: GABUNGAN, event_id: ids.gabungan, counted: 1, state: 'submitted' },
        { pledge_date: CEREMONY, event_id: ids.ceremony, counted: 0, state: 'submitted' },
      ]);
    });

    it('refuses to move an event whose roll-calls are logged', async () => {
      const res = await hr.post(`/events/${ids.gabungan}`).type('form').send(eventBody({ date: '2026-11-20' }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Tanggal tidak dapat diubah');
      expect((await ctx.db.selectFrom('events').select('date').where('id', '=', ids.gabungan).executeTakeFirstOrThrow()).date).toBe(GABUNGAN);
    });
  });

  describe('who sees what', () => {
    it('shows every event to hr and sekda, and an opd user only those expecting its unit', async () => {
      const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
      const list = await sekda.get('/events');
      expect(list.text).toContain('Apel Gabungan November');
      expect(list.text).toContain('Upacara Hari Jadi Kabupaten');
      expect((await sekda.get('/events/new')).status).toBe(403);
      const b = await signIn(ctx.app, B.operator.username);
      const bList = await b.get('/events');
      expect(bList.text).not.toContain('Apel Gabungan November');
      expect(bList.text).toContain('Upacara Hari Jadi Kabupaten');
      expect((await b.get(`/events/${ids.gabungan}`)).status).toBe(404);
      const ceremony = await b.get(`/events/${ids.ceremony}`);
      expect(ceremony.status).toBe(200);
      expect(ceremony.text).toContain(B.opd.name);
      expect(ceremony.text).not.toContain(A.opd.name);
    });

    it('gives per-unit figures on the page, in the CSV and in the API', async () => {
      const page = await hr.get(`/events/${ids.gabungan}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('66,7%');
      const csv = await hr.get(`/events/${ids.gabungan}/units.csv`).buffer(true).parse(binary);
      const records = parse(csv.body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
      expect(records[0]).toEqual(['Kode', 'Unit', 'Wajib hadir', 'Hadir', 'TK', 'Tingkat kehadiran (%)', 'Check-in', 'Status presensi']);
      expect(records.slice(1)).toEqual([[A.opd.code, A.opd.name, '3', '2', '1', '66.7', '0', 'Terlambat']]);
      const api = await request(ctx.app).get(`/api/v1/events/${ids.gabungan}`).set(bearer(token));
      expectDocumented(api, '/events/{id}', 'get');
      expect(api.body).toMatchObject({ kind: 'apel_gabungan', counted: true, joint: false, units: [A.opd.code] });
      expect(api.body.figures).toEqual([expect.objectContaining({ code: A.opd.code, expected: 3, hadir: 2, tk: 1, state: 'terlambat' })]);
      const list = await request(ctx.app).get('/api/v1/events').set(bearer(token));
      expectDocumented(list, '/events', 'get');
      expect(list.body.data.map((e: { id: number }) => e.id)).toEqual(expect.arrayContaining([ids.gabungan, ids.ceremony]));
      const opdToken = await makeToken(ctx.db, { role: 'opd', opdId: B.opd.id });
      expect((await request(ctx.app).get(`/api/v1/events/${ids.gabungan}`).set(bearer(opdToken))).status).toBe(404);
    });
  });

  describe('counted and uncounted kinds agree across dashboard, report and API', () => {
    async function surfaces() {
      const api = await request(ctx.app).get(`/api/v1/compliance?month=2026-11&opd=${A.opd.code}`).set(bearer(token));
      const unit = api.body.opds[0];
      const monthly = await request(ctx.app).get(`/api/v1/reports/monthly?month=2026-11&opd=${A.opd.code}`).set(bearer(token));
      const opdPage = await hr.get(`/opd/${A.opd.code}?period=month&date=2026-11-15`);
      const pageRate = /<dt>Tingkat kehadiran<\/dt><dd>([^<]*)<\/dd>/.exec(opdPage.text)?.[1];
      const csv = await hr.get(`/reports/monthly?month=2026-11&opd=${A.opd.code}&format=csv`).buffer(true).parse(binary);
      const records = parse(csv.body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
      const tkCol = records[0].indexOf('TK');
      const tkOf = (nip: string) => records.find((r) => r.some((c) => c.includes(nip)))?.[tkCol];
      const stats = await ctx.db.selectFrom('employee_year_stats').select(['employee_id', 'tk_count']).where('employee_id', 'in', A.employees.map((e) => e.id)).where('year', '=', 2026).execute();
      const yearTk = new Map(stats.map((s) => [s.employee_id, Number(s.tk_count)]));
      const [a, b] = A.employees;
      return {
        apiExpected: unit.expected_weeks,
        apiRate: unit.rate,
        reportExpected: monthly.body.units[0].expected_weeks,
        reportRate: monthly.body.totals.rate,
        pageRate,
        csvTk: [tkOf(a.nip), tkOf(b.nip)],
        yearTk: [yearTk.get(a.id) ?? 0, yearTk.get(b.id) ?? 0],
      };
    }

    it('counts the apel gabungan and not the ceremony', async () => {
      const s = await surfaces();
      expect(s).toEqual({ apiExpected: 5, apiRate: expect.closeTo(14 / 15, 10), reportExpected: 5, reportRate: expect.closeTo(14 / 15, 10), pageRate: '93,3%', csvTk: ['0', '1'], yearTk: [0, 1] });
      // B was not expected at the apel gabungan: its month is its four Mondays.
      const bUnit = (await request(ctx.app).get(`/api/v1/compliance?month=2026-11&opd=${B.opd.code}`).set(bearer(token))).body.opds[0];
      expect(bUnit.expected_weeks).toBe(4);
      // The report lists the month's events, saying which ones its figures leave out.
      const preview = await hr.get(`/reports/monthly?month=2026-11&opd=${A.opd.code}`);
      expect(preview.text).toContain('Acara bulan ini');
      expect(preview.text).toMatch(/Upacara Hari Jadi Kabupaten<\/a> \(Lainnya\) · tidak dihitung dalam angka di atas/);
      expect(preview.text).toMatch(/Apel Gabungan November<\/a> \(Apel gabungan\) · Dihitung/);
      expect(bUnit.overdue).toBe(0);
    });

    it('counts the ceremony too once its kind is counted, everywhere at once', async () => {
      const form = settingsForm({ ...DEFAULT_SETTINGS, event_kinds_counted: ['apel_gabungan', 'ikrar_netralitas', 'lainnya'] });
      const body = { ...form, _csrf: hr.csrf };
      const saved = await hr.post('/settings').type('form').send(body);
      expect(saved.status).toBe(302);
      const s = await surfaces();
      expect(s).toEqual({ apiExpected: 6, apiRate: expect.closeTo(14 / 18, 10), reportExpected: 6, reportRate: expect.closeTo(14 / 18, 10), pageRate: '77,8%', csvTk: ['1', '2'], yearTk: [1, 2] });
      // B never logged the ceremony: now a week it owes, not reported.
      const bUnit = (await request(ctx.app).get(`/api/v1/compliance?month=2026-11&opd=${B.opd.code}`).set(bearer(token))).body.opds[0];
      expect(bUnit).toMatchObject({ expected_weeks: 5, overdue: 1 });
    });
  });

  describe('the joint weekly apel', () => {
    it('holds a unit weekly apel in an event on its pledge date: one session, the event set, mode gabungan', async () => {
      const C = await makeUnit(ctx.db, 2);
      const res = await hr.post('/events').type('form').send(eventBody({ kind: 'ikrar_netralitas', title: 'Ikrar Netralitas Pilkada', date: '2026-11-23', units: [String(C.opd.id)] }));
      expect(res.status).toBe(302);
      const eventId = Number(/\/events\/(\d+)$/.exec(res.headers.location)![1]);
      const op = await signIn(ctx.app, C.operator.username);
      const page = await op.get(sessionUrl(C.opd.code, '2026-11-23'));
      expect(page.text).toContain('Apel minggu ini dilaksanakan bersama dalam acara');
      await logRollCall(C, '2026-11-23', []);
      const rows = await ctx.db.selectFrom('sessions').select(['pledge_date', 'event_id', 'mode', 'counted']).where('opd_id', '=', C.opd.id).execute();
      expect(rows).toEqual([{ pledge_date: '2026-11-23', event_id: eventId, mode: 'gabungan', counted: 1 }]);
      const show = await hr.get(`/events/${eventId}`);
      expect(show.text).toContain('apel mingguan unit yang diundang dilaksanakan bersama');
      // One expected date for the week, not two.
      const unit = (await request(ctx.app).get(`/api/v1/compliance?week=2026-11-23&opd=${C.opd.code}`).set(bearer(token))).body.opds[0];
      expect(unit.expected_weeks).toBe(1);
    });
  });
});
