import { Settings } from 'luxon';
import { employeeHistory } from '../../src/features/compliance/employee-history';
import { signIn, useTestApp } from '../support/app';
import { makeAbsence, makeEmployee, makeOpd, makeSession, makeUser, transfer } from '../support/factories';

/*
 * An employee moved from Dinas Sosial to Dinas Pendidikan on Tuesday 10 Nov 2026, after two TK
 * Mondays in a row (26 Oct and 2 Nov) in the old unit.
 */
describe("employee page: the year's Mondays", () => {
  const ctx = useTestApp();
  let employee: { id: number; nip: string };
  let hr: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-11-24T06:00:00Z');
    const dinsos = await makeOpd(ctx.db, { code: 'DINSOS', name: 'Dinas Sosial' });
    const disdik = await makeOpd(ctx.db, { code: 'DISDIK', name: 'Dinas Pendidikan' });
    employee = await makeEmployee(ctx.db, { opdId: dinsos.id, name: 'Rina Marlina', from: '2026-10-20' });
    await transfer(ctx.db, employee.id, disdik.id, '2026-11-10');
    await makeSession(ctx.db, { opdId: dinsos.id, date: '2026-10-26', roll: [[employee.id, 'TK']] });
    await makeSession(ctx.db, { opdId: dinsos.id, date: '2026-11-02', roll: [[employee.id, 'TK']] });
    await makeSession(ctx.db, { opdId: dinsos.id, date: '2026-11-09', roll: [[employee.id, 'H']] });
    await makeSession(ctx.db, { opdId: disdik.id, date: '2026-11-16', roll: [[employee.id, 'DL']] });
    await makeAbsence(ctx.db, { employeeId: employee.id, status: 'DL', from: '2026-11-16', to: '2026-11-18', ref: '800/123/ST/2026' });
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('lists every pledge date since the assignment with the unit at that time', async () => {
    const h = await employeeHistory(ctx.db, employee.id, 2026, { timezone: 'Asia/Jakarta' });
    expect(h.rows.map((r) => [r.pledge_date, r.opd_code, r.status])).toEqual([
      ['2026-11-23', 'DISDIK', null],
      ['2026-11-16', 'DISDIK', 'DL'],
      ['2026-11-09', 'DINSOS', 'H'],
      ['2026-11-02', 'DINSOS', 'TK'],
      ['2026-10-26', 'DINSOS', 'TK'],
    ]);
    expect(h).toMatchObject({ tkCount: 2, streak: 0, maxStreak: 2, step: 'teguran_lisan', open: true });
  });

  it('shows status, unit, planned absences, TK count, streak, step and follow-ups on the page', async () => {
    const res = await hr.get(`/employees/${employee.nip}?year=2026`);
    expect(res.status).toBe(200);
    const section = res.text.slice(res.text.indexOf('employee-history-title'));
    expect(section).toContain('Dinas Sosial');
    expect(section).toContain('Dinas Pendidikan');
    expect(section).toContain('Tanpa keterangan');
    expect(section).toContain('800/123/ST/2026');
    expect(section).toContain('Teguran lisan');
    expect(section).toContain(`href="/flags/${employee.nip}/2026"`);
    expect(section).toContain('Tidak ada catatan');
  });

  it('lists follow-ups once hr records one', async () => {
    const res = await hr.post(`/flags/${employee.nip}/2026/follow-ups`).type('form').send({ _csrf: hr.csrf, step: 'teguran_lisan', note: 'Sudah ditegur' });
    expect(res.status).toBe(302);
    const page = await hr.get(`/employees/${employee.nip}?year=2026`);
    const section = page.text.slice(page.text.indexOf('employee-history-title'));
    expect(section).toContain('Sudah ditegur');
    expect(section).toContain('ditindaklanjuti');
  });
});
