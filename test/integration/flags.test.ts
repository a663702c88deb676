import { Settings } from 'luxon';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';
import { saveSettings } from '../../src/features/settings/settings.service';

type Agent = Awaited<ReturnType<typeof signIn>>;

describe('employee flags and follow-ups', () => {
  const ctx = useTestApp();
  let hr: Agent;
  let sekda: Agent;
  let opdX: Agent;
  let unitX: { id: number; code: string };
  let e1: { id: number; nip: string; name: string };
  let e2: { id: number; nip: string; name: string };
  let e3: { id: number; nip: string; name: string };
  const sessions: Record<string, number> = {};

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-11-24T06:00:00Z');
    unitX = await makeOpd(ctx.db, { code: 'DISPERKIM' });
    const unitY = await makeOpd(ctx.db, { code: 'BAPPEDA' });
    e1 = await makeEmployee(ctx.db, { opdId: unitX.id, name: 'Budi Santoso', category: 'PNS' });
    e2 = await makeEmployee(ctx.db, { opdId: unitX.id, name: 'Sri Wahyuni', category: 'PPPK' });
    e3 = await makeEmployee(ctx.db, { opdId: unitY.id, name: 'Agus Salim', category: 'PNS' });
    const x = (d: string, a: string, b: string) => makeSession(ctx.db, { opdId: unitX.id, date: d, roll: [[e1.id, a as 'H'], [e2.id, b as 'H']] });
    sessions['2026-11-02'] = (await x('2026-11-02', 'TK', 'H')).id;
    sessions['2026-11-09'] = (await x('2026-11-09', 'TK', 'TK')).id;
    sessions['2026-11-16'] = (await x('2026-11-16', 'H', 'H')).id;
    await makeSession(ctx.db, { opdId: unitY.id, date: '2026-11-09', roll: [[e3.id, 'TK']] });
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    opdX = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitX.id })).username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  const opdBody = { name: 'Dinas Uji Perkim', kind: 'dinas', parent_id: '', active_from: '2020-01-01' };
  const flagOf = (id: number) =>
    ctx.db.selectFrom('employee_year_stats').select(['tk_count', 'step', 'covered', 'open_flag']).where('employee_id', '=', id).where('year', '=', 2026).executeTakeFirstOrThrow();

  it('lists open flags with the recommended step, and filters by unit, step and category', async () => {
    const all = await hr.get('/flags?year=2026');
    expect(all.status).toBe(200);
    for (const e of [e1, e2, e3]) expect(all.text).toContain(e.name);
    // Two TK Mondays in a row earn a verbal reprimand even though the third Monday was attended.
    expect(all.text).toMatch(/Budi Santoso[\s\S]*?Teguran lisan/);
    const unit = await hr.get('/flags?year=2026&opd=disperkim');
    expect(unit.text).toContain(e1.name);
    expect(unit.text).not.toContain(e3.name);
    const step = await hr.get('/flags?year=2026&step=teguran_lisan');
    expect(step.text).toContain(e1.name);
    expect(step.text).not.toContain(e2.name);
    const pppk = await hr.get('/flags?year=2026&category=PPPK');
    expect(pppk.text).toContain(e2.name);
    expect(pppk.text).not.toContain(e1.name);
    expect((await hr.get('/flags?year=2026&status=closed')).text).toContain('Tidak ada pelanggaran untuk saringan ini.');
  });

  it("shows opd users only their unit's flags, read-only", async () => {
    const list = await opdX.get(`/flags?year=2026&opd=BAPPEDA`);
    expect(list.text).toContain(e1.name);
    expect(list.text).not.toContain(e3.name);
    expect((await opdX.get(`/flags/${e3.nip}/2026`)).status).toBe(404);
    const page = await opdX.get(`/flags/${e1.nip}/2026`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Simpan tindak lanjut');
    const res = await opdX.post(`/flags/${e1.nip}/2026/follow-ups`).type('form').send({ _csrf: opdX.csrf, step: 'catatan' });
    expect(res.status).toBe(403);
  });

  it('refuses follow-ups from sekda (read-only)', async () => {
    expect((await sekda.get(`/flags/${e1.nip}/2026`)).status).toBe(200);
    const res = await sekda.post(`/flags/${e1.nip}/2026/follow-ups`).type('form').send({ _csrf: sekda.csrf, step: 'catatan' });
    expect(res.status).toBe(403);
  });

  it('requires a letter number and date for a written reprimand (422, nothing saved)', async () => {
    const res = await hr.post(`/flags/${e1.nip}/2026/follow-ups`).type('form').send({ _csrf: hr.csrf, step: 'teguran_tertulis', note: 'catatan saya' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Wajib diisi untuk langkah tertulis');
    expect(res.text).toContain('catatan saya');
    expect(await ctx.db.selectFrom('follow_ups').select('id').execute()).toHaveLength(0);
  });

  it('closes a flag with a follow-up up to the current count, audited; a new TK reopens it', async () => {
    const res = await hr.post(`/flags/${e1.nip}/2026/follow-ups`).type('form').send({
      _csrf: hr.csrf,
      step: 'teguran_lisan',
      letter_number: '',
      letter_date: '',
      note: 'Dipanggil oleh atasan',
    });
    expect(res.status).toBe(302);
    expect(await flagOf(e1.id)).toEqual({ tk_count: 2, step: 'teguran_lisan', covered: 2, open_flag: 0 });
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'opd_id']).where('entity', '=', 'follow_up').executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'create', opd_id: unitX.id });
    expect((await hr.get('/flags?year=2026&status=closed')).text).toContain(e1.name);

    await makeSession(ctx.db, { opdId: unitX.id, date: '2026-11-23', roll: [[e1.id, 'TK'], [e2.id, 'H']] });
    expect(await flagOf(e1.id)).toMatchObject({ tk_count: 3, open_flag: 1 });
  });

  it('accepts a reason for one TK Monday: the roll-call row, the session and the figures change, audited', async () => {
    const sessionId = sessions['2026-11-02'];
    const before = await ctx.db.selectFrom('sessions').select(['count_tk', 'count_s', 'rate', 'version']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(before).toMatchObject({ count_tk: 1, count_s: 0 });
    const res = await hr.post(`/flags/${e1.nip}/2026/excuse`).type('form').send({
      _csrf: hr.csrf,
      pledge_date: '2026-11-02',
      new_status: 'S',
      cuti_type: '',
      note: 'Surat keterangan dokter diserahkan terlambat',
      letter_number: '',
      letter_date: '',
    });
    expect(res.status).toBe(302);
    const row = await ctx.db.selectFrom('attendance').select(['status', 'note']).where('session_id', '=', sessionId).where('employee_id', '=', e1.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'S', note: 'Surat keterangan dokter diserahkan terlambat' });
    const after = await ctx.db.selectFrom('sessions').select(['count_tk', 'count_s', 'rate', 'version']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ count_tk: 0, count_s: 1, version: before.version + 1 });
    expect(Number(after.rate)).toBe(1);
    // The reprimand covered 2 and 9 Nov; 2 Nov is excused, so 23 Nov is still not followed up.
    expect(await flagOf(e1.id)).toMatchObject({ tk_count: 2, covered: 1, open_flag: 1 });
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'attendance').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'reason_accepted', entity_id: `${sessionId}:${e1.id}`, opd_id: unitX.id });
    expect(JSON.parse(audit.before!)).toMatchObject({ status: 'TK' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'S' });
    const page = await hr.get(`/flags/${e1.nip}/2026`);
    expect(page.text).toContain('Alasan diterima');
  });

  it('refuses to excuse a Monday that is not a TK', async () => {
    const res = await hr.post(`/flags/${e1.nip}/2026/excuse`).type('form').send({ _csrf: hr.csrf, pledge_date: '2026-11-16', new_status: 'I', note: 'Izin' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tanggal ini bukan TK pada roll-call yang sudah dikirim.');
  });

  it('prints a draft (KONSEP) signed by the unit head by default, with marked blanks while the head is unknown', async () => {
    const res = await hr.get(`/flags/${e1.nip}/2026/letter?step=teguran_lisan`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<p class="draft-mark">KONSEP</p>');
    expect(res.text).toContain('Budi Santoso');
    expect(res.text).toContain('Senin, 9 November 2026');
    expect(res.text).toContain('Teguran lisan</strong> (hukuman disiplin ringan)');
    // The employee's unit, not the BKD, gives the reprimand; its head is not recorded yet.
    expect(res.text).toContain('Kepala Dinas Uji');
    expect(res.text).toContain('[belum diisi: nama kepala unit]');
    expect(res.text).toContain('NIP [belum diisi: NIP]');
    // No shipped sample is printed as if it were real: the template basis and the Pemda name are marked.
    expect(res.text).toContain('Dasar: [belum diisi: dasar hukum sanksi].');
    expect(res.text).toContain('[BELUM DIISI: NAMA PEMERINTAH DAERAH]');
    expect(res.text).not.toContain('Nama Pejabat');
    expect(res.text).not.toContain('<nav');
  });

  it("prints the unit head's name, pangkat and NIP (8-6-1-3) once the unit form names them", async () => {
    const edit = await hr.get(`/opds/${unitX.code}/edit`);
    expect(edit.text).toContain('name="head_nip"');
    const bad = await hr.post(`/opds/${unitX.code}`).type('form').send({ ...opdBody, head_nip: '1234', _csrf: hr.csrf });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('NIP kepala unit: 18 angka NIP yang sah');
    const ok = await hr
      .post(`/opds/${unitX.code}`)
      .type('form')
      .send({ ...opdBody, head_name: 'Ir. Hadi Prasetyo, M.T.', head_rank: 'Pembina Tk. I (IV/b)', head_nip: 'NIP. 19700101 200003 1 001', _csrf: hr.csrf });
    expect(ok.status).toBe(302);
    const res = await hr.get(`/flags/${e1.nip}/2026/letter?step=teguran_lisan`);
    expect(res.text).toContain('<strong><u>Ir. Hadi Prasetyo, M.T.</u></strong><br>Pembina Tk. I (IV/b)<br>NIP 19700101 200003 1 001');
    expect(res.text).not.toContain('[belum diisi: nama kepala unit]');
  });

  it('lets the superior sign by hand, or the BKD signer, as the letter_signer setting says', async () => {
    await saveSettings(ctx.db, { system: 'test' }, { letter_signer: 'superior' });
    const superior = await hr.get(`/flags/${e1.nip}/2026/letter?step=teguran_lisan`);
    expect(superior.text).toContain('[belum diisi: jabatan atasan langsung]');
    expect(superior.text).not.toContain('Ir. Hadi Prasetyo');
    await saveSettings(ctx.db, { system: 'test' }, { letter_signer: 'bkd', signer_name: 'Dr. Bambang Wicaksono', signer_nip: '198703152014011555' });
    const bkd = await hr.get(`/flags/${e1.nip}/2026/letter?step=teguran_lisan`);
    expect(bkd.text).toContain('Dr. Bambang Wicaksono');
    expect(bkd.text).toContain('NIP 19870315 201401 1 555');
    await saveSettings(ctx.db, { system: 'test' }, { letter_signer: 'unit_head' });
  });
});
