import { Settings } from 'luxon';
import { expectedAttendees } from '../../src/features/sessions/expected';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeAbsence, makeEmployee, makeOpd, makeUser, transfer } from '../support/factories';

const ctx = useTestApp();
type A = Agent & { csrf: string };
let hr: A, sekda: A, opdA: A, opdB: A;
let unitA: { id: number; code: string }, unitB: { id: number; code: string };
let ani: { id: number; nip: string }, budi: { id: number; nip: string }, citra: { id: number; nip: string };

beforeAll(async () => {
  Settings.now = () => Date.parse('2026-11-23T03:00:00Z'); // Monday 10:00 WIB
  unitA = await makeOpd(ctx.db, { code: 'DINASA' });
  unitB = await makeOpd(ctx.db, { code: 'DINASB' });
  ani = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Ani Lestari' });
  budi = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Budi Santoso' });
  citra = await makeEmployee(ctx.db, { opdId: unitB.id, name: 'Citra Dewi' });
  hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  opdA = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitA.id })).username);
  opdB = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitB.id })).username);
});
afterAll(() => {
  Settings.now = () => Date.now();
});

const absencesOf = (employeeId: number) =>
  ctx.db.selectFrom('planned_absences').selectAll().where('employee_id', '=', employeeId).orderBy('id').execute();
const form = (agent: A, over: Record<string, string>) =>
  agent
    .post('/absences')
    .type('form')
    .send({ status: 'DL', start_date: '2026-11-30', end_date: '2026-12-02', document_ref: '800/45/ST/2026', _csrf: agent.csrf, ...over });

describe('register', () => {
  it('lets hr register for anyone; the audit row names the unit', async () => {
    const res = await form(hr, { nip: citra.nip });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/absences?q=${citra.nip}`);
    const [row] = await absencesOf(citra.id);
    expect(row).toMatchObject({ status: 'DL', start_date: '2026-11-30', end_date: '2026-12-02', document_ref: '800/45/ST/2026', cuti_type: null });
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'planned_absence').where('entity_id', '=', String(row.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', opd_id: unitB.id });
  });

  it('lets an opd user register leave for their own people, with a cuti type, and pre-fills the roll-call', async () => {
    const res = await form(opdA, { nip: ani.nip, status: 'C', cuti_type: 'tahunan', start_date: '2026-11-23', end_date: '2026-11-25' });
    expect(res.status).toBe(302);
    const [row] = await absencesOf(ani.id);
    expect(row).toMatchObject({ status: 'C', cuti_type: 'tahunan' });
    const roll = await expectedAttendees(ctx.db, unitA.id, '2026-11-23', DEFAULT_SETTINGS);
    expect(roll.find((r) => r.id === ani.id)?.absence).toMatchObject({ id: row.id, status: 'C', cuti_type: 'tahunan' });
    // One label for the status and its kind, the roll-call's words.
    const list = (await opdA.get('/absences?show=all')).text;
    expect(list).toContain('Cuti tahunan');
    expect(list).not.toContain('Cuti (Cuti');
  });

  it('accepts a NIP typed with spaces and drops a cuti type for a status that is not C', async () => {
    const spaced = `${budi.nip.slice(0, 8)} ${budi.nip.slice(8, 14)} ${budi.nip.slice(14, 15)} ${budi.nip.slice(15)}`;
    expect((await form(opdA, { nip: spaced, status: 'S', cuti_type: 'besar', start_date: '2027-01-04', end_date: '2027-01-05' })).status).toBe(302);
    expect((await absencesOf(budi.id))[0]).toMatchObject({ status: 'S', cuti_type: null });
  });

  it("refuses an opd user naming another unit's employee as an unknown NIP, keeping the form", async () => {
    const res = await form(opdA, { nip: citra.nip, start_date: '2027-02-01', end_date: '2027-02-01', document_ref: 'SURAT-X' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Pegawai dengan NIP ini tidak terdaftar di OPD Anda.');
    expect(res.text).toContain('value="SURAT-X"');
    expect((await absencesOf(citra.id)).filter((r) => r.document_ref === 'SURAT-X')).toHaveLength(0);
  });

  it('answers bad input with 422, a message per field and the input kept', async () => {
    const res = await form(hr, { nip: '199999999999999999', status: 'XX', start_date: '2026-11-30', end_date: '2026-11-01', document_ref: '', note: 'catatan saya' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Pilihan tidak dikenal.');
    expect(res.text).toContain('Wajib diisi.');
    expect(res.text).toContain('catatan saya');
    expect(res.text).toContain('value="199999999999999999"');

    const dates = await form(hr, { nip: ani.nip, start_date: '2026-11-30', end_date: '2026-11-01' });
    expect(dates.status).toBe(422);
    expect(dates.text).toContain('Tanggal selesai tidak boleh sebelum tanggal mulai.');
    const bad = await form(hr, { nip: ani.nip, start_date: '2026-13-01' });
    expect(bad.text).toContain('Tanggal tidak valid (format TTTT-BB-HH).');

    const unknown = await form(hr, { nip: '199999999999999999' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Tidak ada pegawai dengan NIP ini.');
  });

  it('refuses an absence that overlaps another one of the same person', async () => {
    const res = await form(hr, { nip: ani.nip, status: 'S', start_date: '2026-11-25', end_date: '2026-11-26' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Bertumpang tindih dengan ketidakhadiran terencana lain (C 2026-11-23 – 2026-11-25');
    expect(await absencesOf(ani.id)).toHaveLength(1);
  });

  it('refuses a person no longer in service on those dates', async () => {
    const retired = await makeEmployee(ctx.db, { opdId: unitA.id, activeTo: '2026-10-31' });
    const res = await form(hr, { nip: retired.nip });
    expect(res.status).toBe(422);
    expect(res.text).toContain('tidak dalam masa dinas');
  });

  it('refuses sekda with 403', async () => {
    expect((await sekda.get('/absences/new')).status).toBe(403);
    expect((await form(sekda, { nip: citra.nip, start_date: '2027-03-01', end_date: '2027-03-01' })).status).toBe(403);
    expect((await absencesOf(citra.id)).filter((r) => r.start_date === '2027-03-01')).toHaveLength(0);
  });

  it('shows the register form in English with translated messages', async () => {
    const res = await hr.post('/absences?lang=en').type('form').send({ nip: ani.nip, status: 'DL', start_date: '2026-12-10', end_date: '2026-12-01', document_ref: 'x', _csrf: hr.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The end date cannot be before the start date.');
    await hr.get('/absences?lang=id');
  });
});

describe('list', () => {
  it('shows the nav entry to hr and opd users, not to sekda', async () => {
    expect((await hr.get('/absences')).text).toContain('href="/absences"');
    expect((await opdA.get('/account')).text).toContain('Ketidakhadiran terencana');
    expect((await sekda.get('/account')).text).not.toContain('Ketidakhadiran terencana');
  });

  it("shows an opd user only their unit's absences, whatever filter they send", async () => {
    const own = await opdA.get('/absences');
    expect(own.status).toBe(200);
    expect(own.text).toContain('Ani Lestari');
    expect(own.text).not.toContain('Citra Dewi');
    const forced = await opdA.get(`/absences?opd=${unitB.code}`);
    expect(forced.text).not.toContain('Citra Dewi');
    const b = await opdB.get('/absences');
    expect(b.text).toContain('Citra Dewi');
    expect(b.text).not.toContain('Ani Lestari');
  });

  it('lets hr and sekda read everything and filter by OPD, status, date and name', async () => {
    const all = await sekda.get('/absences');
    expect(all.status).toBe(200);
    expect(all.text).toContain('Ani Lestari');
    expect(all.text).toContain('Citra Dewi');
    expect(all.text).not.toContain('/absences/new');
    const byOpd = await hr.get(`/absences?opd=${unitB.code.toLowerCase()}`);
    expect(byOpd.text).toContain('Citra Dewi');
    expect(byOpd.text).not.toContain('Ani Lestari');
    const byStatus = await hr.get('/absences?status=C');
    expect(byStatus.text).toContain('Ani Lestari');
    expect(byStatus.text).not.toContain('Citra Dewi');
    const byDate = await hr.get('/absences?date=2026-12-01');
    expect(byDate.text).toContain('Citra Dewi');
    expect(byDate.text).not.toContain('Ani Lestari');
    const byName = await hr.get('/absences?q=citra');
    expect(byName.text).toContain('Citra Dewi');
    expect(byName.text).not.toContain('Ani Lestari');
    const byNip = await hr.get(`/absences?q=${ani.nip.slice(0, 12)}`);
    expect(byNip.text).toContain('Ani Lestari');
    const unknownOpd = await hr.get('/absences?opd=NOPE');
    expect(unknownOpd.text).toContain('Tidak ada ketidakhadiran terencana yang cocok.');
  });

  it('ignores filters it cannot read instead of failing', async () => {
    const res = await hr.get('/absences?date=kemarin&status=ZZ&page=-4&show=x');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Citra Dewi');
  });

  it('hides past absences by default and shows them with show=all', async () => {
    await makeAbsence(ctx.db, { employeeId: budi.id, status: 'I', from: '2026-10-05', to: '2026-10-05', ref: 'IZIN-LAMA' });
    expect((await hr.get('/absences')).text).not.toContain('IZIN-LAMA');
    expect((await hr.get('/absences?show=all')).text).toContain('IZIN-LAMA');
  });

  it('keeps showing an absence to the unit it concerned after the person moved', async () => {
    const dedi = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Dedi Pindahan' });
    await makeAbsence(ctx.db, { employeeId: dedi.id, status: 'DL', from: '2026-11-20', to: '2026-11-27' });
    await transfer(ctx.db, dedi.id, unitB.id, '2026-11-25');
    expect((await opdA.get('/absences')).text).toContain('Dedi Pindahan');
    expect((await opdB.get('/absences')).text).toContain('Dedi Pindahan');
    // Its current unit is shown.
    const row = await hr.get('/absences?q=dedi');
    expect(row.text).toContain(unitB.code);
  });

  it('pages 50 rows at a time and keeps the filters in the links', async () => {
    const eko = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Eko Banyak' });
    for (let i = 0; i < 60; i++) {
      const day = `2027-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      await makeAbsence(ctx.db, { employeeId: eko.id, status: 'S', from: day, to: day, ref: `SK-${i}` });
    }
    const first = await hr.get('/absences?q=eko');
    expect(first.text).toContain('60 ketidakhadiran terencana');
    expect(first.text).toContain('Halaman 1 dari 2');
    expect((first.text.match(/<td>Eko Banyak<br>/g) ?? []).length).toBe(50);
    expect(first.text).toContain('href="/absences?q&#x3D;eko&amp;page&#x3D;2"');
    const second = await hr.get('/absences?q=eko&page=2');
    expect((second.text.match(/<td>Eko Banyak<br>/g) ?? []).length).toBe(10);
    expect(second.text).toContain('SK-0<');
    const beyond = await hr.get('/absences?q=eko&page=99');
    expect(beyond.text).toContain('Halaman 2 dari 2');
  });
});

describe('cancel', () => {
  it("answers 404 to an opd user cancelling another unit's absence", async () => {
    const [row] = await absencesOf(citra.id);
    const res = await opdA.post(`/absences/${row.id}/cancel`).type('form').send({ _csrf: opdA.csrf });
    expect(res.status).toBe(404);
    expect((await absencesOf(citra.id))[0].cancelled_at).toBeNull();
  });

  it('refuses sekda with 403 and answers 404 for an unknown id', async () => {
    const [row] = await absencesOf(citra.id);
    expect((await sekda.post(`/absences/${row.id}/cancel`).type('form').send({ _csrf: sekda.csrf })).status).toBe(403);
    expect((await hr.post('/absences/999999/cancel').type('form').send({ _csrf: hr.csrf })).status).toBe(404);
    expect((await hr.post('/absences/abc/cancel').type('form').send({ _csrf: hr.csrf })).status).toBe(404);
  });

  it('cancels, audits, stops the pre-fill and shows it under "cancelled"', async () => {
    const [row] = await absencesOf(ani.id);
    const res = await opdA.post(`/absences/${row.id}/cancel`).set('Referer', '/absences?status=C').type('form').send({ _csrf: opdA.csrf });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/absences?status=C');
    const [after] = await absencesOf(ani.id);
    expect(after.cancelled_at).not.toBeNull();
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'planned_absence').where('entity_id', '=', String(row.id)).where('action', '=', 'cancel').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].opd_id).toBe(unitA.id);
    const roll = await expectedAttendees(ctx.db, unitA.id, '2026-11-23', DEFAULT_SETTINGS);
    expect(roll.find((r) => r.id === ani.id)?.absence).toBeNull();
    expect((await opdA.get('/absences')).text).not.toContain('Ani Lestari');
    expect((await opdA.get('/absences?show=cancelled')).text).toContain('Ani Lestari');

    const again = await opdA.post(`/absences/${row.id}/cancel`).set('Referer', 'https://evil.example/absences').type('form').send({ _csrf: opdA.csrf });
    expect(again.headers.location).toBe('/absences');
    expect((await opdA.get('/absences')).text).toContain('Ketidakhadiran ini sudah dibatalkan sebelumnya.');
  });

  it('lets the person be registered again once the old absence is cancelled', async () => {
    const res = await form(opdA, { nip: ani.nip, status: 'S', start_date: '2026-11-24', end_date: '2026-11-24' });
    expect(res.status).toBe(302);
  });
});
