import ExcelJS from 'exceljs';
import { Settings } from 'luxon';
import { signIn, useTestApp, type Agent } from '../support/app';
import { freshNip, makeEmployee, makeOpd, makeUser } from '../support/factories';
import { assignmentsOf, auditRows } from '../support/reads';

type Signed = Agent & { csrf: string };

describe('employee import', () => {
  const ctx = useTestApp();
  beforeAll(() => {
    Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  const count = async (table: 'employees' | 'assignments' | 'audit_log') =>
    Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () => ({ employees: await count('employees'), assignments: await count('assignments'), audit: await count('audit_log') });

  async function hrAgent(): Promise<Signed> {
    return signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  }

  function upload(agent: Signed, name: string, data: Buffer | string, fields: Record<string, string> = {}) {
    let req = agent.post('/employees/import').field('_csrf', agent.csrf).field('effective_date', fields.effective_date ?? '2026-12-01');
    if (fields.scope_opd) req = req.field('scope_opd', fields.scope_opd);
    return req.attach('file', Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), name);
  }

  async function preview(agent: Signed, name: string, data: Buffer | string, fields: Record<string, string> = {}) {
    const res = await upload(agent, name, data, fields);
    expect(res.status).toBe(302);
    const id = Number(/\/employees\/import\/(\d+)$/.exec(res.headers.location)?.[1]);
    const page = await agent.get(`/employees/import/${id}`);
    expect(page.status).toBe(200);
    return { id, html: page.text };
  }

  /** Each rejected row as "line: text", in the order shown. */
  function rejectedLines(html: string): string[] {
    return [...html.matchAll(/<tr class="rejected-row"><td class="num">(\d+)<\/td>.*?<td>((?:<span class="reason">[^<]*<\/span> )+)<\/td><\/tr>/g)].map(
      (m) => `${m[1]}: ${[...m[2].matchAll(/<span class="reason">([^<]*)<\/span>/g)].map((r) => r[1]).join(' ')}`,
    );
  }

  describe('a file with good and bad rows', () => {
    it('CSV: names every bad line with its reason, and the commit changes nothing', async () => {
      const opd = await makeOpd(ctx.db, { code: 'DINKES-I' });
      const agent = await hrAgent();
      const good = freshNip({ gender: 'P' });
      const csv = [
        'nip;NAMA;Jabatan;Golongan;Kode Unit;Jenis Pegawai;Jenis Kelamin',
        `${good};Ani Uji;Perawat;III/a;dinkes-i;PNS;P`,
        `19850230 201001 1 003;Bad Date Uji;;;DINKES-I;PNS;L`,
        `${freshNip()};Unit Salah Uji;;;NOPE;PNS;L`,
        `${good};Duplikat Uji;;;DINKES-I;PNS;P`,
        `${freshNip()};;;;DINKES-I;PNS;L`,
        `${freshNip()};Kategori Uji;;;DINKES-I;Tentara;L`,
        '',
        `${freshNip({ gender: 'L' })};Kelamin Uji;;;DINKES-I;PNS;P`,
      ].join('\r\n');
      const before = await snapshot();
      const { id, html } = await preview(agent, 'simpeg.csv', `\ufeff${csv}`);
      expect(html).toMatch(/<dt>Baru<\/dt><dd>1<\/dd>/);
      expect(html).toMatch(/<dt>Ditolak<\/dt><dd>6<\/dd>/);
      expect(rejectedLines(html)).toEqual([
        '3: Digit 1–8 NIP harus tanggal lahir yang valid (TTTTBBHH).',
        '4: Kode unit &quot;NOPE&quot; tidak dikenal.',
        '5: NIP ini sudah ada di baris 2.',
        '6: Nama kosong.',
        '7: Jenis pegawai &quot;Tentara&quot; tidak dikenal (PNS, CPNS, PPPK, PPPK Paruh Waktu, Non-ASN).',
        '9: Digit 15 NIP tidak sesuai dengan jenis kelamin.',
      ]);
      expect(html).not.toContain('Simpan impor');
      const commit = await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf });
      expect(commit.status).toBe(422);
      expect(await snapshot()).toEqual(before);
      expect(opd.id).toBeGreaterThan(0);
    });

    it('XLSX: the same, with English headers and a NIP stored as a number', async () => {
      await makeOpd(ctx.db, { code: 'BAPPEDA-I', name: 'Badan Perencanaan Uji' });
      const agent = await hrAgent();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Employees');
      ws.addRow(['Name', 'NIP', 'Unit', 'Category', 'Gender', 'Rank']);
      ws.addRow(['Good Uji', freshNip({ layout: 'pppk' }), 'Badan Perencanaan Uji', 'PPPK', 'M', 'IX']);
      // What Excel keeps of 198503122010011003 typed into a number cell.
      ws.addRow(['Numeric Uji', Number('198503122010011003'), 'BAPPEDA-I', 'PNS', 'M', '']);
      ws.addRow(['No Unit Uji', freshNip(), '', 'PNS', 'M', '']);
      ws.addRow(['Gender Uji', freshNip(), 'BAPPEDA-I', 'PNS', 'X', '']);
      const data = Buffer.from(await wb.xlsx.writeBuffer());
      const before = await snapshot();
      const { id, html } = await preview(agent, 'export.XLSX', data);
      expect(html).toMatch(/<dt>Baru<\/dt><dd>1<\/dd>/);
      expect(rejectedLines(html)).toEqual([
        '3: NIP tersimpan sebagai angka dan digit terakhirnya hilang; format kolom NIP sebagai teks lalu ekspor ulang.',
        '4: Kode unit kosong.',
        '5: Jenis kelamin &quot;X&quot; tidak dikenal (L atau P).',
      ]);
      expect((await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf })).status).toBe(422);
      expect(await snapshot()).toEqual(before);
    });
  });

  it('commits new, changed and absent employees in one go, transfers from the effective date, audited', async () => {
    const a = await makeOpd(ctx.db, { code: 'UNIT-A' });
    const b = await makeOpd(ctx.db, { code: 'UNIT-B' });
    const moving = await makeEmployee(ctx.db, { opdId: a.id, gender: 'L', name: 'Pindah Uji', category: 'PNS' });
    const same = await makeEmployee(ctx.db, { opdId: a.id, gender: 'P', name: 'Tetap Uji', category: 'PNS' });
    const gone = await makeEmployee(ctx.db, { opdId: a.id, name: 'Hilang Uji' });
    const newNip = freshNip({ gender: 'P', layout: 'pppk' });
    const csv = [
      'NIP,Name,Position,Rank,Unit code,Category,Gender',
      `${moving.nip},Pindah Uji Baru,Analis,III/b,unit-b,pns,L`,
      `${same.nip},Tetap Uji,Analis,III/a,UNIT-A,PNS,perempuan`,
      `${newNip},"=HYPERLINK(""http://contoh.test"",""klik"")",,,UNIT-B,PPPK Paruh Waktu,F`,
      `na-77,Honorer Uji,,,UNIT-B,Non ASN,Laki-laki`,
    ].join('\n');
    const agent = await hrAgent();
    const { id, html } = await preview(agent, 'pegawai.csv', csv, { scope_opd: String(a.id) });
    expect(html).toMatch(/<dt>Baru<\/dt><dd>2<\/dd>/);
    expect(html).toMatch(/<dt>Berubah<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/<dt>Tidak berubah<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/<dt>Tidak ada di berkas<\/dt><dd>1<\/dd>/);
    expect(html).toContain('<strong>Nama</strong>: <del>Pindah Uji</del> → <ins>Pindah Uji Baru</ins>');
    expect(html).toContain('<strong>Unit kerja</strong>: <del>UNIT-A</del> → <ins>UNIT-B</ins>');
    expect(html).toContain('Hilang Uji');

    const res = await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf, deactivate_absent: '1' });
    expect(res.status).toBe(302);
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Impor disimpan: 2 baru, 1 berubah, 1 dinonaktifkan.');

    const moved = await ctx.db.selectFrom('employees').selectAll().where('id', '=', moving.id).executeTakeFirstOrThrow();
    expect(moved).toMatchObject({ name: 'Pindah Uji Baru', rank: 'III/b', position: 'Analis' });
    expect(await assignmentsOf(ctx.db, moving.id)).toEqual([
      { opd_id: a.id, start_date: '2020-01-01', end_date: '2026-12-01' },
      { opd_id: b.id, start_date: '2026-12-01', end_date: null },
    ]);
    const formula = await ctx.db.selectFrom('employees').selectAll().where('nip', '=', newNip).executeTakeFirstOrThrow();
    expect(formula).toMatchObject({ name: '=HYPERLINK("http://contoh.test","klik")', category: 'PPPK_PW', gender: 'P', active_from: '2026-12-01' });
    expect(await assignmentsOf(ctx.db, formula.id)).toEqual([{ opd_id: b.id, start_date: '2026-12-01', end_date: null }]);
    const honorer = await ctx.db.selectFrom('employees').selectAll().where('nip', '=', 'NA-77').executeTakeFirstOrThrow();
    expect(honorer).toMatchObject({ category: 'NON_ASN', gender: 'L' });
    const left = await ctx.db.selectFrom('employees').selectAll().where('id', '=', gone.id).executeTakeFirstOrThrow();
    expect(left).toMatchObject({ active_to: '2026-11-30', end_reason: 'lainnya' });
    expect((await ctx.db.selectFrom('employees').selectAll().where('id', '=', same.id).executeTakeFirstOrThrow()).updated_at).toBe(same.updated_at);

    expect((await auditRows(ctx.db, 'employee', moving.id)).map((r) => r.action)).toEqual(['import_update']);
    expect((await auditRows(ctx.db, 'employee', formula.id)).map((r) => r.action)).toEqual(['import_create']);
    expect((await auditRows(ctx.db, 'employee', gone.id)).map((r) => r.action)).toEqual(['import_deactivate']);
    expect(await auditRows(ctx.db, 'employee', same.id)).toEqual([]);
    expect((await auditRows(ctx.db, 'import', id)).map((r) => r.action)).toEqual(['import_commit']);

    const again = await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf });
    expect(again.status).toBe(409);
  });

  it('re-validates at commit: a unit closed after the preview refuses the whole file', async () => {
    const opd = await makeOpd(ctx.db, { code: 'CLOSING-I' });
    const agent = await hrAgent();
    const { id } = await preview(agent, 'a.csv', `NIP;Nama;Unit Kerja;Kategori\n${freshNip()};Satu Uji;CLOSING-I;PNS\n${freshNip()};Dua Uji;CLOSING-I;PNS\n`);
    await ctx.db.updateTable('opds').set({ active_to: '2026-11-30' }).where('id', '=', opd.id).execute();
    const before = await snapshot();
    const res = await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Impor tidak disimpan: data berubah sejak pratinjau');
    expect(rejectedLines(res.text)).toEqual(['2: Unit CLOSING-I tidak aktif pada tanggal berlaku.', '3: Unit CLOSING-I tidak aktif pada tanggal berlaku.']);
    expect(await snapshot()).toEqual(before);
    const row = await ctx.db.selectFrom('imports').select('committed_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.committed_at).toBeNull();
  });

  describe('files it refuses, with a clear message', () => {
    it.each([
      ['pegawai.txt', 'NIP;Nama', 'Hanya berkas .csv atau .xlsx yang diterima.'],
      ['pegawai.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'Hanya berkas .csv atau .xlsx yang diterima.'],
      ['pegawai.xlsx', 'NIP;Nama\n1;2', 'Berkas bernama .xlsx tetapi isinya bukan XLSX.'],
      ['pegawai.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'Berkas bernama .csv tetapi isinya bukan teks CSV.'],
      ['pegawai.csv', Buffer.from('NIP;Nama\n1;Jos\xe9\n', 'latin1'), 'CSV harus berenkode UTF-8.'],
      ['pegawai.csv', 'NIP;Jabatan\n1;x\n', 'Kolom wajib tidak ditemukan: Nama, Kode Unit, Jenis Pegawai.'],
      ['pegawai.csv', 'NIP;Nama;Unit;Kategori\n', 'Berkas hanya berisi baris judul.'],
      ['pegawai.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'XLSX tidak dapat dibaca'],
    ])('%s (%#)', async (name, data, message) => {
      const agent = await hrAgent();
      const res = await upload(agent, name, data);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('id="file-error"');
    });

    it('a file over 25 MB: 413 and the form again', async () => {
      const agent = await hrAgent();
      const res = await upload(agent, 'besar.csv', Buffer.alloc(25 * 1024 * 1024 + 10, 'a'));
      expect(res.status).toBe(413);
      expect(res.text).toContain('Berkas lebih besar dari 25 MB.');
    });

    it('no file, a bad date and an unknown scope', async () => {
      const agent = await hrAgent();
      const res = await agent.post('/employees/import').field('_csrf', agent.csrf).field('effective_date', '2026-13-01').field('scope_opd', 'abc');
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="effective_date-error">Tanggal tidak valid');
      expect(res.text).toContain('id="scope_opd-error">Pilihan tidak dikenal.');
    });

    it('a multipart form without its CSRF token', async () => {
      const agent = await hrAgent();
      const res = await agent.post('/employees/import').field('effective_date', '2026-12-01').attach('file', Buffer.from('NIP;Nama'), 'a.csv');
      expect(res.status).toBe(403);
    });
  });

  it.each(['sekda', 'opd'] as const)('refuses a %s user, and one user cannot see another’s import', async (role) => {
    const opd = await makeOpd(ctx.db);
    const hr = await hrAgent();
    const { id } = await preview(hr, 'x.csv', `NIP;Nama;Unit;Kategori\n${freshNip()};Satu Uji;${opd.code};PNS\n`);
    const user = await makeUser(ctx.db, { role, opdId: role === 'opd' ? opd.id : null });
    const agent = await signIn(ctx.app, user.username);
    const before = await snapshot();
    expect((await agent.get('/employees/import')).status).toBe(403);
    expect((await agent.get(`/employees/import/${id}`)).status).toBe(403);
    expect((await upload(agent, 'x.csv', `NIP;Nama;Unit;Kategori\n${freshNip()};Dua;${opd.code};PNS\n`)).status).toBe(403);
    expect((await agent.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: agent.csrf })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    const otherHr = await hrAgent();
    expect((await otherHr.get(`/employees/import/${id}`)).status).toBe(404);
    expect((await otherHr.post(`/employees/import/${id}/commit`).type('form').send({ _csrf: otherHr.csrf })).status).toBe(404);
  });
});
