import { Settings } from 'luxon';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { settingsForm } from '../../src/features/settings/settings.presenter';
import { getSettings } from '../../src/features/settings/settings.repository';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** The full form as the page sends it, with some fields changed. */
function formWith(agent: Agent, over: Record<string, unknown>) {
  const base = settingsForm(DEFAULT_SETTINGS) as Record<string, unknown>;
  const body: Record<string, unknown> = { ...base, _csrf: agent.csrf, ...over };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return body;
}

describe('settings page', () => {
  const ctx = useTestApp();
  let hr: Agent;
  let sekda: Agent;
  let opdUser: Agent;

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-11-24T06:00:00Z');
    const opd = await makeOpd(ctx.db);
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    opdUser = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: opd.id })).username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('shows the rules read-only to sekda and opd users and refuses their saves', async () => {
    for (const agent of [sekda, opdUser]) {
      const page = await agent.get('/settings');
      expect(page.status).toBe(200);
      expect(page.text).toContain('hanya admin dan BKD yang dapat mengubahnya');
      expect(page.text).toContain('<fieldset disabled>');
      expect(page.text).not.toContain('Pengaturan belum disimpan');
      const res = await agent.post('/settings').type('form').send(formWith(agent, { rate_amber: '80' }));
      expect(res.status).toBe(403);
    }
    expect((await getSettings(ctx.db)).rate_amber).toBe(0.9);
  });

  it('saves a threshold for hr and audits before and after', async () => {
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85' }));
    expect(res.status).toBe(302);
    expect((await getSettings(ctx.db)).rate_amber).toBe(0.85);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'setting').where('entity_id', '=', 'rate_amber').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toBe(0.9);
    expect(JSON.parse(audit.after!)).toBe(0.85);
    const page = await hr.get('/settings');
    expect(page.text).toContain('Pengaturan tersimpan.');
    expect(page.text).toMatch(/id="rate_amber" name="rate_amber" inputmode="decimal" value="85"/);
  });

  it('refuses a red threshold above amber with a message beside it, keeping the input and saving nothing', async () => {
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85', rate_red: '95', tpp_percent_PNS: '3' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ambang merah harus lebih rendah dari ambang kuning.');
    expect(res.text).toContain('Pengaturan belum disimpan');
    expect(res.text).toMatch(/name="rate_red" inputmode="decimal" value="95"/);
    const s = await getSettings(ctx.db);
    expect(s.rate_red).toBe(0.75);
    expect(s.tpp_percent_by_category.PNS).toBe(2);
  });

  it.each([
    ['a ladder rung without a condition', { ladder_pns_total_0: '', ladder_pns_streak_0: '' }, 'Isi minimal TK setahun atau TK berturut-turut.'],
    ['the same step twice', { ladder_pppk_step_1: 'catatan' }, 'Langkah ini sudah ada di baris lain.'],
    ['a harsher step needing fewer TK', { ladder_pns_total_3: '2' }, 'Langkah yang lebih berat tidak boleh'],
    ['a bad deadline time', { deadline_time: '25:00' }, 'Format jam JJ:MM'],
    ['no category', { categories_required: undefined }, 'Pilih minimal satu kategori.'],
    ['a short signer NIP', { signer_nip: '1970' }, 'NIP terdiri dari 18 angka.'],
    ['an empty legal basis', { tpp_legal_basis: '  ' }, 'Wajib diisi'],
    ['a start date that is no date', { start_date: '2026-02-30' }, 'Tanggal tidak valid (format TTTT-BB-HH).'],
  ])('refuses %s (422)', async (_what, over, message) => {
    const res = await hr.post('/settings').type('form').send(formWith(hr, over));
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
  });

  it('keeps the date the Pemda started using Ikrar, and empties it again', async () => {
    expect((await hr.post('/settings').type('form').send(formWith(hr, { start_date: '2026-03-02' }))).status).toBe(302);
    expect((await getSettings(ctx.db)).start_date).toBe('2026-03-02');
    expect((await hr.get('/settings')).text).toMatch(/name="start_date" type="date" value="2026-03-02"/);
    expect((await hr.post('/settings').type('form').send(formWith(hr, { start_date: '' }))).status).toBe(302);
    expect((await getSettings(ctx.db)).start_date).toBe('');
  });

  it('saves the check-in grace and the geofence refusal, and refuses a grace that is not whole minutes', async () => {
    expect((await hr.post('/settings').type('form').send(formWith(hr, { check_in_grace_minutes: '15', geofence_refuse: '1' }))).status).toBe(302);
    expect(await getSettings(ctx.db)).toMatchObject({ check_in_grace_minutes: 15, geofence_refuse: true });
    const page = await hr.get('/settings');
    expect(page.text).toMatch(/name="check_in_grace_minutes" inputmode="numeric" value="15"/);
    expect(page.text).toMatch(/name="geofence_refuse" value="1" checked/);
    const bad = await hr.post('/settings').type('form').send(formWith(hr, { check_in_grace_minutes: 'sepuluh', geofence_refuse: '' }));
    expect(bad.status).toBe(422);
    expect(await getSettings(ctx.db)).toMatchObject({ check_in_grace_minutes: 15, geofence_refuse: true });
    expect((await hr.post('/settings').type('form').send(formWith(hr, { check_in_grace_minutes: '10', geofence_refuse: '' }))).status).toBe(302);
    expect(await getSettings(ctx.db)).toMatchObject({ check_in_grace_minutes: 10, geofence_refuse: false });
  });

  it('accepts a decimal comma for the TPP deduction', async () => {
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85', tpp_percent_PNS: '2,5' }));
    expect(res.status).toBe(302);
    expect((await getSettings(ctx.db)).tpp_percent_by_category.PNS).toBe(2.5);
  });

  it('recomputes stored rates when online attendance stops counting', async () => {
    const opd = await makeOpd(ctx.db);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await makeEmployee(ctx.db, { opdId: opd.id })).id);
    const session = await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-16', roll: [[ids[0], 'H'], [ids[1], 'H'], [ids[2], 'HD'], [ids[3], 'HD']] });
    expect(session.rate).toBe(1);
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85', tpp_percent_PNS: '2.5', virtual_counts: '' }));
    expect(res.status).toBe(302);
    const after = await ctx.db.selectFrom('sessions').select(['rate', 'compliant_count']).where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(after.compliant_count).toBe(2);
    expect(Number(after.rate)).toBe(0.5);
    const recompute = await ctx.db.selectFrom('audit_log').select('after').where('entity_id', '=', 'rollups').executeTakeFirstOrThrow();
    expect(JSON.parse(recompute.after!)).toMatchObject({ session_rates: true });
  });

  it('re-decides recommended steps when a ladder changes', async () => {
    const opd = await makeOpd(ctx.db);
    const e = await makeEmployee(ctx.db, { opdId: opd.id });
    const other = await makeEmployee(ctx.db, { opdId: opd.id });
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-02', roll: [[e.id, 'TK'], [other.id, 'H']] });
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-09', roll: [[e.id, 'H'], [other.id, 'H']] });
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-16', roll: [[e.id, 'TK'], [other.id, 'H']] });
    const stats = () => ctx.db.selectFrom('employee_year_stats').select(['step', 'open_flag']).where('employee_id', '=', e.id).executeTakeFirstOrThrow();
    expect(await stats()).toEqual({ step: 'catatan', open_flag: 1 });
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85', tpp_percent_PNS: '2.5', virtual_counts: '', ladder_pns_total_1: '2' }));
    expect(res.status).toBe(302);
    expect(await stats()).toEqual({ step: 'teguran_lisan', open_flag: 1 });
  });

  it('re-decides late reports when the deadline rule changes', async () => {
    const opd = await makeOpd(ctx.db);
    // Submitted Tuesday 10:00 WIB: on time by 12:00, late by a 09:00 deadline.
    const s = await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-16', submittedAt: '2026-11-17T03:00:00.000Z' });
    const res = await hr.post('/settings').type('form').send(formWith(hr, { rate_amber: '85', tpp_percent_PNS: '2.5', virtual_counts: '', ladder_pns_total_1: '2', deadline_time: '09:00' }));
    expect(res.status).toBe(302);
    const after = await ctx.db.selectFrom('sessions').select('late').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(after.late).toBe(1);
  });

  it('keeps existing ikrar versions and adds a new one', async () => {
    const res = await hr.post('/settings').type('form').send(
      formWith(hr, { rate_amber: '85', tpp_percent_PNS: '2.5', virtual_counts: '', ladder_pns_total_1: '2', deadline_time: '09:00', ikrar_version_1: '2027', ikrar_text_1: 'Kami berikrar …' }),
    );
    expect(res.status).toBe(302);
    expect((await getSettings(ctx.db)).ikrar_texts.map((t) => t.version)).toEqual(['2024', '2027']);
  });

  it('saves the signer’s rank and takes the signer’s NIP as printed on letters', async () => {
    const res = await hr.post('/settings').type('form').send(formWith(hr, { ikrar_text_1: 'Kami berikrar …', signer_rank: 'Pembina Tk. I (IV/b)', signer_nip: 'NIP. 19870315 201401 1 555' }));
    expect(res.status).toBe(302);
    const saved = await getSettings(ctx.db);
    expect(saved.signer_rank).toBe('Pembina Tk. I (IV/b)');
    expect(saved.signer_nip).toBe('198703152014011555');
    expect((await hr.get('/settings')).text).toContain('id="signer_rank" name="signer_rank" value="Pembina Tk. I (IV/b)"');
  });
});
