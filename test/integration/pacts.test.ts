import crypto from 'node:crypto';
import { signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployee, makeEmployeeAccount, makeUnit, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * The integrity pact: the administrator publishes it, each employee signs it once within its
 * period, and sekda, hr and a unit's operator follow who signed per unit, on the page and as CSV.
 */
const NOW = '2026-11-23T03:00:00Z'; // Monday 10:00 WIB
const TEXT = 'Saya, Aparatur Sipil Negara,\nmenjaga netralitas dalam Pilkada 2026.\n= tidak memihak.';
const UA = `Mozilla/5.0 (Linux; Android 14) ${'x'.repeat(400)}`;
const ALREADY = 'Anda sudah menandatangani pakta ini sebelumnya.';
const NOT_OPEN = 'Pakta ini tidak dalam masa penandatanganan.';

type CsrfAgent = Agent & { csrf: string };
const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const csvLines = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n');
const cells = (html: string, cls: string) =>
  [...html.matchAll(new RegExp(`<tr class="${cls}">([\\s\\S]*?)</tr>`, 'g'))].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));

describe('integrity pacts: publish, sign once, who signed per unit', () => {
  const ctx = useTestApp({ TRUST_PROXY: '1' });
  let one: Awaited<ReturnType<typeof makeUnit>>;
  let two: Awaited<ReturnType<typeof makeUnit>>;
  let admin: CsrfAgent;
  let hr: CsrfAgent;
  let pactId: number;

  async function publish(fields: Record<string, string>) {
    return admin.post('/pacts').type('form').send({ _csrf: admin.csrf, title: 'Pakta Integritas Netralitas ASN Pilkada 2026', body: TEXT, valid_from: '2026-11-01', valid_to: '2026-12-31', ...fields });
  }
  const pegawai = (e: { nip: string }) => signIn(ctx.app, e.nip);
  const sign = (agent: CsrfAgent, id: number, extra: Record<string, string> = { agree: '1' }) =>
    agent.post(`/me/pacts/${id}`).set('User-Agent', UA).set('X-Forwarded-For', '203.0.113.7').type('form').send({ _csrf: agent.csrf, ...extra });
  const signatures = () => ctx.db.selectFrom('pact_signatures').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    fixNow(NOW);
    one = await makeUnit(ctx.db, 3, { name: 'Dinas Alfa' });
    two = await makeUnit(ctx.db, 2, { name: 'Dinas Beta' });
    // Not of a category that must attend: not expected to sign.
    await makeEmployee(ctx.db, { opdId: one.opd.id, category: 'NON_ASN', name: 'Tenaga Honorer' });
    for (const e of [one.employees[0], one.employees[1], two.employees[0]]) await makeEmployeeAccount(ctx.db, e);
    admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  });
  afterAll(() => resetNow());

  it('lets the administrator publish a pact and edit it while nobody has signed, audited', async () => {
    const bad = await publish({ title: '', valid_to: '2026-10-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Tanggal akhir tidak boleh sebelum tanggal mulai.');
    expect(await ctx.db.selectFrom('pacts').selectAll().execute()).toEqual([]);

    const res = await publish({ body: 'Draf' });
    expect(res.status).toBe(302);
    pactId = Number(/^\/pacts\/(\d+)$/.exec(res.headers.location)![1]);
    const edit = await admin.get(`/pacts/${pactId}/edit`);
    expect(edit.text).toContain('>Draf</textarea>');
    const saved = await admin.post(`/pacts/${pactId}`).type('form').send({ _csrf: admin.csrf, title: 'Pakta Integritas Netralitas ASN Pilkada 2026', body: TEXT, valid_from: '2026-11-01', valid_to: '2026-12-31' });
    expect(saved.status).toBe(302);
    const audit = await auditRows(ctx.db, 'pact', pactId);
    expect(audit.map((a) => a.action)).toEqual(['publish', 'edit']);
    expect(JSON.parse(audit[1].after!)).toEqual({ body: TEXT });
    expect((await hr.get('/pacts')).text).toContain(`href="/pacts/${pactId}"`);
  });

  it('shows an employee the open pact on /me, and records one signature with its evidence', async () => {
    const e = one.employees[0];
    const agent = await pegawai(e);
    const me = await agent.get('/me');
    expect(me.text).toContain('belum ditandatangani');
    expect(me.text).toContain(`href="/me/pacts/${pactId}"`);
    const page = await agent.get(`/me/pacts/${pactId}`);
    expect(page.text).toContain('menjaga netralitas dalam Pilkada 2026.');
    expect(page.text).toContain('Saya telah membaca dan menyetujui pakta integritas ini.');

    const unticked = await sign(agent, pactId, {});
    expect(unticked.status).toBe(422);
    expect(unticked.text).toContain('Centang pernyataan');
    expect(await signatures()).toEqual([]);

    const res = await sign(agent, pactId, { agree: '1', text_sha256: sha256(TEXT) });
    expect(res.status).toBe(302);
    const [row] = await signatures();
    expect(row).toMatchObject({ pact_id: pactId, employee_id: e.id, opd_id: one.opd.id, ip: '203.0.113.7', signed_at: '2026-11-23T03:00:00.000Z', text_sha256: sha256(TEXT) });
    expect(row.user_agent).toBe(UA.slice(0, 300));
    const after = await agent.get(res.headers.location);
    expect(after.text).toContain('Terima kasih, pakta integritas sudah Anda tandatangani.');
    expect(after.text).toContain('Anda telah menandatangani pakta ini pada 23 Nov 2026 10.00.');
    expect((await agent.get('/me')).text).toContain('sudah ditandatangani');

    // A second confirmation (another tab, a double tap) says so and records nothing more.
    const again = await sign(agent, pactId);
    expect(again.status).toBe(302);
    expect((await agent.get(again.headers.location)).text).toContain(ALREADY);
    expect(await signatures()).toHaveLength(1);
  });

  it('freezes the text after the first signature: an edit is refused, nothing changes', async () => {
    const res = await admin.post(`/pacts/${pactId}`).type('form').send({ _csrf: admin.csrf, title: 'Lain', body: 'Teks lain', valid_from: '2026-11-01', valid_to: '2026-12-31' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('teksnya tidak dapat diubah lagi');
    expect(await ctx.db.selectFrom('pacts').select(['title', 'body']).where('id', '=', pactId).executeTakeFirst()).toEqual({ title: 'Pakta Integritas Netralitas ASN Pilkada 2026', body: TEXT });
    expect((await admin.get(`/pacts/${pactId}`)).text).not.toContain(`href="/pacts/${pactId}/edit"`);
  });

  it('refuses a signature outside the period, on a closed pact, or for a text that changed meanwhile', async () => {
    const later = Number(/(\d+)$/.exec((await publish({ title: 'Desember', valid_from: '2026-12-01' })).headers.location)![1]);
    const closing = Number(/(\d+)$/.exec((await publish({ title: 'Ditutup' })).headers.location)![1]);
    const changing = Number(/(\d+)$/.exec((await publish({ title: 'Berubah' })).headers.location)![1]);
    expect((await admin.post(`/pacts/${closing}/close`).type('form').send({ _csrf: admin.csrf })).status).toBe(302);
    expect((await auditRows(ctx.db, 'pact', closing)).map((a) => a.action)).toEqual(['publish', 'close']);

    const agent = await pegawai(one.employees[1]);
    expect((await agent.get(`/me/pacts/${later}`)).status).toBe(404);
    for (const id of [later, closing]) {
      const res = await sign(agent, id);
      expect(res.status).toBe(422);
      expect(res.text).toContain(NOT_OPEN);
    }
    const stale = await sign(agent, changing, { agree: '1', text_sha256: sha256('teks lama') });
    expect(stale.status).toBe(422);
    expect(stale.text).toContain('Teks pakta berubah');
    expect(await signatures()).toHaveLength(1);
    // On /me only the open pacts are listed.
    const me = await agent.get('/me');
    expect(me.text).not.toContain('Desember');
    expect(me.text).not.toContain('Ditutup');
  });

  describe('who signed, per unit', () => {
    beforeAll(async () => {
      for (const e of [one.employees[1], two.employees[0]]) expect((await sign(await pegawai(e), pactId)).status).toBe(302);
    });

    it('counts signed and expected people of each unit (the required categories, in service today)', async () => {
      for (const reader of [hr, await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username)]) {
        const page = await reader.get(`/pacts/${pactId}`);
        expect(page.status).toBe(200);
        expect(cells(page.text, 'pact-unit')).toEqual([
          ['Dinas Alfa', '2', '3', '66,7%'],
          ['Dinas Beta', '1', '2', '50%'],
        ]);
        expect(cells(page.text, 'pact-total')).toEqual([['Jumlah', '3', '5', '60%']]);
      }
    });

    it("gives a unit's operator its own unit only; another unit's people are a 404", async () => {
      const op = await signIn(ctx.app, one.operator.username);
      expect(cells((await op.get(`/pacts/${pactId}`)).text, 'pact-unit')).toEqual([['Dinas Alfa', '2', '3', '66,7%']]);
      expect((await op.get(`/pacts/${pactId}/opd/${one.opd.code}`)).status).toBe(200);
      expect((await op.get(`/pacts/${pactId}/opd/${two.opd.code}`)).status).toBe(404);
      expect((await op.get(`/pacts/${pactId}/opd/${two.opd.code}/people.csv`)).status).toBe(404);
      expect(csvLines((await op.get(`/pacts/${pactId}/units.csv`)).text)).toHaveLength(3);
    });

    it("drills down to a unit's people: who signed and when, who did not", async () => {
      const page = await hr.get(`/pacts/${pactId}/opd/${one.opd.code}`);
      expect(page.text).toContain('2 dari 3 pegawai sudah menandatangani');
      const [a, b, c] = one.employees;
      expect(cells(page.text, 'pact-person')).toEqual([
        [a.nip, a.name, 'Sudah · 23 Nov 2026 10.00'],
        [b.nip, b.name, 'Sudah · 23 Nov 2026 10.00'],
        [c.nip, c.name, 'Belum'],
      ]);
      expect(page.text).not.toContain('Tenaga Honorer');
    });

    it('downloads the units summary and one unit\'s people as CSV, the NIP kept as text', async () => {
      const units = await hr.get(`/pacts/${pactId}/units.csv`);
      expect(units.headers['content-type']).toMatch(/^text\/csv/);
      expect(units.headers['content-disposition']).toContain(`pakta-${pactId}-unit-2026-11-23.csv`);
      expect(csvLines(units.text)).toEqual([
        'Kode;Unit;Diharapkan;Sudah;Belum;Persentase (%)',
        `${one.opd.code};Dinas Alfa;3;2;1;66,7`,
        `${two.opd.code};Dinas Beta;2;1;1;50`,
        ';Jumlah;5;3;2;60',
      ]);
      const people = await hr.get(`/pacts/${pactId}/opd/${one.opd.code}/people.csv`);
      const [a, , c] = one.employees;
      expect(csvLines(people.text)).toEqual([
        'NIP;Nama;Jabatan;Status;Waktu tanda tangan',
        `"=""${a.nip}""";${a.name};Analis;Sudah;2026-11-23 10:00:00`,
        expect.any(String),
        `"=""${c.nip}""";${c.name};Analis;Belum;`,
      ]);
    });
  });
});
