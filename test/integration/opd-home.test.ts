import { Settings } from 'luxon';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser, roll } from '../support/factories';

/* Tuesday 24 Nov 2026, 10:00 WIB: the deadline of Monday 23 Nov (Tuesday 12:00 WIB) is 2 hours away. */
const BEFORE_DEADLINE = Date.parse('2026-11-24T03:00:00Z');
const AFTER_DEADLINE = Date.parse('2026-11-24T08:30:00Z');

describe('OPD home', () => {
  const ctx = useTestApp();
  let opd: { id: number; code: string; name: string };
  let other: { id: number; code: string };
  let opdAgent: Awaited<ReturnType<typeof signIn>>;
  let flaggedName: string;

  beforeAll(async () => {
    Settings.now = () => BEFORE_DEADLINE;
    opd = await makeOpd(ctx.db, { code: 'DISHUB', name: 'Dinas Perhubungan' });
    other = await makeOpd(ctx.db, { code: 'DINKES', name: 'Dinas Kesehatan' });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await makeEmployee(ctx.db, { opdId: opd.id, name: `Pegawai Dishub ${i}` })).id);
    flaggedName = 'Pegawai Dishub 0';
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-09', roll: roll(ids, { tk: 1 }) });
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-16', roll: roll(ids), late: 1, submittedAt: '2026-11-18T02:00:00.000Z' });
    opdAgent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: opd.id })).username);
  });
  afterEach(() => {
    Settings.now = () => BEFORE_DEADLINE;
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it("shows this week's session, its state and the time left, with a link to it", async () => {
    const res = await opdAgent.get('/opd/DISHUB');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Dinas Perhubungan');
    const week = res.text.slice(res.text.indexOf('Apel minggu ini'), res.text.indexOf('id="figures-title"'));
    expect(week).toContain('Belum diisi');
    expect(week).toContain('2 jam 0 menit lagi');
    expect(week).toContain('href="/opd/DISHUB/sessions/2026-11-23"');
  });

  it('marks this week overdue after the deadline', async () => {
    Settings.now = () => AFTER_DEADLINE;
    const res = await opdAgent.get('/opd/DISHUB');
    expect(res.text).toContain('terlambat 3 jam 30 menit');
  });

  it('lists past weeks with state, flags and rate, each linking to its session', async () => {
    const res = await opdAgent.get('/opd/DISHUB');
    const history = res.text.slice(res.text.indexOf('id="history-title"'), res.text.indexOf('id="people-title"'));
    expect(history).toContain('href="/opd/DISHUB/sessions/2026-11-16"');
    expect(history).toContain('Terlambat lapor');
    expect(history).toContain('href="/opd/DISHUB/sessions/2026-11-09"');
    // 4 of 5 present on 9 Nov.
    expect(history).toMatch(/Kehadiran rendah<\/span>\s*<\/td>\s*<td class="num">80%<\/td>/);
  });

  it('shows the unit figures of the period and its flagged people', async () => {
    const res = await opdAgent.get('/opd/DISHUB?period=month&date=2026-11-24');
    const figures = res.text.slice(res.text.indexOf('id="figures-title"'), res.text.indexOf('id="history-title"'));
    // November so far: 2, 9, 16 and 23 Nov; 23 Nov is not due yet.
    expect(figures).toMatch(/Minggu wajib apel<\/dt><dd>4<\/dd>/);
    expect(figures).toMatch(/Tanpa keterangan<\/dt><dd>1<\/dd>/);
    const people = res.text.slice(res.text.indexOf('id="people-title"'));
    expect(people).toContain(flaggedName);
    expect(people).toContain('Catatan kepada atasan langsung');
  });

  it('gives opd users a 404 for another unit', async () => {
    expect((await opdAgent.get('/opd/DINKES')).status).toBe(404);
    expect((await opdAgent.get(`/opd/${other.code}?period=year`)).status).toBe(404);
  });

  it('opens any unit for sekda, in any case, and 404s an unknown code', async () => {
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await sekda.get('/opd/dinkes')).status).toBe(200);
    expect((await sekda.get('/opd/TIDAK-ADA')).status).toBe(404);
  });

  it('puts "OPD saya" in the menu of opd users and "Dasbor" for others', async () => {
    const page = await opdAgent.get('/account');
    expect(page.text).toContain('<a href="/opd/DISHUB">OPD saya</a>');
    expect(page.text).not.toContain('href="/dashboard"');
  });
});
