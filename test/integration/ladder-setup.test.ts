import { Settings } from 'luxon';
import { refreshFlagState } from '../../src/features/compliance/rollup';
import { LADDER_TEMPLATE_BASIS } from '../../src/features/settings/settings.defaults';
import { settingsForm } from '../../src/features/settings/settings.presenter';
import { getSettings } from '../../src/features/settings/settings.repository';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';

type Agent = Awaited<ReturnType<typeof signIn>>;

/*
 * The ladder, the setup checklist, placeholders in documents and TPP per category, end to end:
 * a Pemda that upgrades keeps its saved ladder, is told what still holds a shipped sample, and
 * never prints a sample as if it were real.
 */
describe('sanction ladder, setup checklist and TPP per category', () => {
  const ctx = useTestApp();
  let hr: Agent;
  let sekda: Agent;
  let pns: { id: number; nip: string; name: string };
  let partTime: { id: number; nip: string; name: string };
  const MONDAYS = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-12-01T06:00:00Z');
    const unit = await makeOpd(ctx.db, { code: 'DINSOS', name: 'Dinas Sosial' });
    pns = await makeEmployee(ctx.db, { opdId: unit.id, name: 'Rina Kartika', category: 'PNS' });
    partTime = await makeEmployee(ctx.db, { opdId: unit.id, name: 'Joko Susilo', category: 'PPPK_PW' });
    for (const date of MONDAYS) await makeSession(ctx.db, { opdId: unit.id, date, roll: [[pns.id, 'TK'], [partTime.id, 'TK']] });
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  const storeRaw = (key: string, value: unknown, type: 'json' | 'number' = 'json') =>
    ctx.db
      .insertInto('settings')
      .values({ key, value: type === 'json' ? JSON.stringify(value) : String(value), type, updated_by: null, updated_at: '2026-01-01T00:00:00.000Z' })
      .execute();

  it('brings a ladder and a TPP percentage saved in the old shape forward, and keeps judging by them', async () => {
    await storeRaw('ladder_pns', [
      { step: 'catatan', minTotal: 1, minStreak: null },
      { step: 'teguran_tertulis', minTotal: 4, minStreak: null },
    ]);
    await storeRaw('tpp_deduction_percent', 3, 'number');
    const s = await getSettings(ctx.db);
    expect(s.ladder_pns).toEqual([
      { step: 'catatan', level: 'ringan', basis: LADDER_TEMPLATE_BASIS, minTotal: 1, minStreak: null },
      { step: 'teguran_tertulis', level: 'ringan', basis: LADDER_TEMPLATE_BASIS, minTotal: 4, minStreak: null },
    ]);
    expect(s.tpp_percent_by_category).toEqual({ PNS: 3, CPNS: 3, PPPK: 3, PPPK_PW: null, NON_ASN: null });
    await refreshFlagState(ctx.db, s);
    const page = await hr.get('/flags?year=2026&category=PNS');
    expect(page.text).toMatch(/Rina Kartika[\s\S]*?Teguran tertulis/);
    expect((await hr.get('/settings')).status).toBe(200);
  });

  it('shows admin and hr a checklist of the shipped samples, not the read-only roles', async () => {
    const dashboard = await hr.get('/dashboard');
    for (const item of ['letterhead', 'signer', 'ladder_basis', 'tpp_rule']) expect(dashboard.text).toContain(`data-item="${item}"`);
    expect(dashboard.text).toContain('Lengkapi sebelum dokumen ditandatangani');
    expect((await hr.get('/settings')).text).toContain('data-item="tpp_rule"');
    expect((await sekda.get('/dashboard')).text).not.toContain('setup-checklist');
    expect((await sekda.get('/settings')).text).not.toContain('setup-checklist');
  });

  it('marks every sample in the monthly report, and shows "tidak berlaku" for the TPP of PPPK paruh waktu', async () => {
    const html = (await hr.get('/reports/monthly?month=2026-11')).text;
    expect(html).toContain('Dasar hukum: [belum diisi: dasar hukum TPP].');
    expect(html).toContain('[belum diisi: nama penanda tangan]');
    expect(html).not.toContain('Nama Pejabat');
    expect(html).not.toContain('sesuaikan dengan Perkada setempat');
    expect(html).toContain('PPPK paruh waktu, Non-ASN tidak berlaku');
    expect(html).toMatch(/Joko Susilo[\s\S]*?<td class="num">tidak berlaku<\/td>/);
    // Four TK at 3% (the stored rate above) for the PNS.
    expect(html).toMatch(/Rina Kartika[\s\S]*?<td class="num">12(,0)?\s?%<\/td>/);
    const csv = (await hr.get('/reports/monthly?month=2026-11&format=csv')).text;
    const row = (name: string) => csv.split('\r\n').find((l) => l.includes(name))!.split(';');
    const tppAt = csv.split('\r\n')[0].split(';').findIndex((h) => h.startsWith('Potongan TPP'));
    expect(row('Joko Susilo')[tppAt]).toBe('tidak berlaku');
    expect(row('Rina Kartika')[tppAt]).toBe('12');
  });

  it('takes a ladder up to berat from the settings page, and drops the checklist once everything is filled in', async () => {
    const form = settingsForm(await getSettings(ctx.db));
    const basis = 'Perbup Contoh 12/2025 tentang Disiplin Apel, Pasal 7';
    const body: Record<string, unknown> = {
      ...form,
      _csrf: hr.csrf,
      pemda_name: 'Pemerintah Kabupaten Sukamaju',
      agency_address: 'Jl. Merdeka No. 2, Sukamaju',
      signer_place: 'Sukamaju',
      signer_name: 'Drs. Hendra Wijaya, M.Si.',
      signer_nip: '197505102000121002',
      tpp_legal_basis: 'Perbup Sukamaju 3/2025 tentang TPP ASN',
      tpp_percent_PPPK_PW: '',
    };
    ['catatan', 'teguran_tertulis', 'hukuman_sedang', 'hukuman_berat'].forEach((step, i) => {
      Object.assign(body, { [`ladder_pns_step_${i}`]: step, [`ladder_pns_total_${i}`]: String([1, 2, 3, 4][i]), [`ladder_pns_streak_${i}`]: '', [`ladder_pns_basis_${i}`]: basis });
    });
    for (let i = 0; i < 6; i++) body[`ladder_pppk_basis_${i}`] = basis;
    const res = await hr.post('/settings').type('form').send(body);
    expect(res.status).toBe(302);
    const s = await getSettings(ctx.db);
    expect(s.ladder_pns.map((r) => `${r.step}:${r.level}`)).toEqual(['catatan:ringan', 'teguran_tertulis:ringan', 'hukuman_sedang:sedang', 'hukuman_berat:berat']);
    const flags = await hr.get('/flags?year=2026&category=PNS');
    expect(flags.text).toMatch(/Rina Kartika[\s\S]*?Hukuman disiplin berat/);

    expect((await hr.get('/dashboard')).text).not.toContain('setup-checklist');
    expect((await hr.get('/settings')).text).not.toContain('setup-checklist');
    const html = (await hr.get('/reports/monthly?month=2026-11')).text;
    expect(html).not.toContain('[belum diisi');
    expect(html).toContain('Dasar hukum: Perbup Sukamaju 3/2025 tentang TPP ASN.');
    const letter = (await hr.get(`/flags/${pns.nip}/2026/letter`)).text;
    expect(letter).toContain('<strong>Hukuman disiplin berat</strong></td>');
    expect(letter).toContain(`Dasar: ${basis}.`);
  });

  it('refuses a rung without its legal basis (422, nothing saved)', async () => {
    const before = await getSettings(ctx.db);
    const res = await hr
      .post('/settings')
      .type('form')
      .send({ ...settingsForm(before), _csrf: hr.csrf, ladder_pns_basis_0: '  ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Wajib diisi');
    expect((await getSettings(ctx.db)).ladder_pns).toEqual(before.ladder_pns);
  });
});
