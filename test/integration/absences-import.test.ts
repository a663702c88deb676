import { Settings } from 'luxon';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeAbsence, makeEmployee, makeOpd, makeUser } from '../support/factories';

const ctx = useTestApp();
type A = Agent & { csrf: string };
let hr: A, sekda: A, opdA: A, opdB: A;
let ani: { id: number; nip: string }, budi: { id: number; nip: string }, citra: { id: number; nip: string };

beforeAll(async () => {
  Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  const unitA = await makeOpd(ctx.db);
  const unitB = await makeOpd(ctx.db);
  ani = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Ani Impor' });
  budi = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Budi Impor' });
  citra = await makeEmployee(ctx.db, { opdId: unitB.id, name: 'Citra Impor' });
  hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  opdA = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitA.id })).username);
  opdB = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitB.id })).username);
});
afterAll(() => {
  Settings.now = () => Date.now();
});

const upload = (agent: A, text: string, csrf = agent.csrf) =>
  agent.post('/absences/import').field('_csrf', csrf).attach('file', Buffer.from(text, 'utf8'), 'cuti.csv');
const count = async () => Number((await ctx.db.selectFrom('planned_absences').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const importIdOf = (html: string) => Number(/action="\/absences\/import\/(\d+)\/commit"/.exec(html)?.[1]);

describe('CSV import of planned absences', () => {
  it('shows the upload form to writers and refuses sekda', async () => {
    const page = await opdA.get('/absences/import');
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect((await sekda.get('/absences/import')).status).toBe(403);
    expect((await upload(sekda, `NIP;dari;sampai;status;nomor surat\n${ani.nip};2026-12-01;2026-12-01;DL;X`)).status).toBe(403);
  });

  it('previews a BOM, semicolon, Indonesian-header file, then commits it in one go', async () => {
    const text =
      '\uFEFFNIP;Dari;Sampai;Status;Nomor Surat;Jenis Cuti\r\n' +
      `${ani.nip};01/12/2026;03/12/2026;c;851/1/2026;Tahunan\r\n` +
      '\r\n' +
      `'${budi.nip.slice(0, 8)} ${budi.nip.slice(8)};2026-12-07;2026-12-07;Dinas Luar;800/2/ST/2026;\r\n`;
    const before = await count();
    const res = await upload(hr, text);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Semua 2 baris dari cuti.csv benar. Belum ada yang disimpan.');
    expect(res.text).toContain('Ani Impor');
    expect(res.text).toContain('Cuti tahunan');
    expect(await count()).toBe(before);

    const id = importIdOf(res.text);
    const commit = await hr.post(`/absences/import/${id}/commit`).type('form').send({ _csrf: hr.csrf });
    expect(commit.status).toBe(302);
    expect(commit.headers.location).toBe('/absences');
    expect(await count()).toBe(before + 2);
    const rows = await ctx.db.selectFrom('planned_absences').selectAll().where('employee_id', 'in', [ani.id, budi.id]).orderBy('employee_id').execute();
    expect(rows.map((r) => [r.status, r.cuti_type, r.start_date, r.end_date, r.document_ref])).toEqual([
      ['C', 'tahunan', '2026-12-01', '2026-12-03', '851/1/2026'],
      ['DL', null, '2026-12-07', '2026-12-07', '800/2/ST/2026'],
    ]);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'planned_absence').where('action', '=', 'import').execute();
    expect(audit).toHaveLength(2);
    expect((await hr.get('/absences')).text).toContain('2 ketidakhadiran terencana diimpor.');

    const twice = await hr.post(`/absences/import/${id}/commit`).type('form').send({ _csrf: hr.csrf });
    expect(twice.status).toBe(409);
    expect(await count()).toBe(before + 2);
  });

  it('reads English headers with commas', async () => {
    const res = await upload(hr, `nip,from,to,status,reference\n${citra.nip},2027-01-04,2027-01-08,TB,"UND/1, 2027"\n`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Semua 1 baris');
    expect(res.text).toContain('UND/1, 2027');
  });

  it('lists every bad line with its number and reason and applies nothing', async () => {
    const text = [
      'NIP;mulai;selesai;status;nomor surat',
      `${ani.nip};2027-02-01;2027-02-02;DL;OK-1`,
      '199999999999999999;2027-02-01;2027-02-02;DL;X',
      `${ani.nip};2027-02-30;2027-03-01;DL;X`,
      `${budi.nip};2027-02-10;2027-02-01;S;X`,
      `${budi.nip};2027-03-01;2027-03-01;ZZ;X`,
      `${budi.nip};2027-03-05;2027-03-05;I;`,
      `${ani.nip};2026-12-02;2026-12-02;S;X`,
      `${ani.nip};2027-02-02;2027-02-03;S;X`,
      `;2027-01-01;2027-01-01;S;X`,
    ].join('\n');
    const before = await count();
    const imports = Number((await ctx.db.selectFrom('imports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const res = await upload(hr, text);
    expect(res.status).toBe(422);
    expect(res.text).toContain('8 baris bermasalah');
    expect(res.text).toContain('Tidak ada yang disimpan.');
    const rowOf = (line: number) => new RegExp(`<td class="num">${line}</td>[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(rowOf(2)).toBe('');
    expect(rowOf(3)).toContain('NIP tidak dikenal.');
    expect(rowOf(4)).toContain('Tanggal mulai tidak valid: &quot;2027-02-30&quot;.');
    expect(rowOf(5)).toContain('Tanggal selesai sebelum tanggal mulai.');
    expect(rowOf(6)).toContain('Status tidak dikenal: &quot;ZZ&quot;');
    expect(rowOf(7)).toContain('Nomor surat kosong.');
    expect(rowOf(8)).toContain('Bertumpang tindih dengan ketidakhadiran lain (C 2026-12-01 – 2026-12-03, 851/1/2026).');
    expect(rowOf(9)).toContain('Bertumpang tindih dengan ketidakhadiran lain (#2).');
    expect(rowOf(10)).toContain('NIP kosong.');
    expect(res.text).not.toContain('/commit');
    expect(await count()).toBe(before);
    const after = Number((await ctx.db.selectFrom('imports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(imports);
  });

  it("refuses another unit's employee for an opd user as if the NIP were unknown", async () => {
    const res = await upload(opdA, `NIP;dari;sampai;status;nomor surat\n${citra.nip};2027-04-01;2027-04-01;DL;X\n`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Pegawai dengan NIP ini tidak terdaftar di OPD Anda.');
    expect(res.text).not.toContain('NIP tidak dikenal.');
  });

  it('names missing columns, an empty file, no file and an unreadable file', async () => {
    const missing = await upload(hr, `NIP;dari;status\n${ani.nip};2027-01-01;DL\n`);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Kolom wajib tidak ditemukan: to, reference.');
    const empty = await upload(hr, 'NIP;dari;sampai;status;nomor surat\n\n');
    expect(empty.text).toContain('Berkas tidak berisi baris data.');
    const none = await hr.post('/absences/import').field('_csrf', hr.csrf);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Pilih berkas CSV lebih dulu.');
    const broken = await upload(hr, `NIP;dari;sampai;status;nomor surat\n${ani.nip};2027-01-01;2027-01-01;DL;"oops\n`);
    expect(broken.status).toBe(422);
    expect(broken.text).toContain('Berkas tidak dapat dibaca sebagai CSV');
  });

  it('refuses a file over 2 MB with a message on the page', async () => {
    const big = 'NIP;dari;sampai;status;nomor surat\n' + 'x'.repeat(2 * 1024 * 1024 + 10);
    const res = await upload(hr, big);
    expect(res.status).toBe(413);
    expect(res.text).toContain('Berkas terlalu besar (paling besar 2 MB).');
  });

  it('checks the CSRF token of the multipart form', async () => {
    const res = await upload(hr, `NIP;dari;sampai;status;nomor surat\n${ani.nip};2027-05-01;2027-05-01;DL;X\n`, 'salah');
    expect(res.status).toBe(403);
  });

  it("answers 404 for another user's import and re-checks the lines at commit", async () => {
    const res = await upload(opdB, `NIP;dari;sampai;status;nomor surat\n${citra.nip};2027-06-01;2027-06-03;S;SK-9\n`);
    expect(res.status).toBe(200);
    const id = importIdOf(res.text);
    expect((await hr.post(`/absences/import/${id}/commit`).type('form').send({ _csrf: hr.csrf })).status).toBe(404);

    // Someone registers an overlapping absence between preview and commit.
    await makeAbsence(ctx.db, { employeeId: citra.id, status: 'DL', from: '2027-06-02', to: '2027-06-02' });
    const before = await count();
    const commit = await opdB.post(`/absences/import/${id}/commit`).type('form').send({ _csrf: opdB.csrf });
    expect(commit.status).toBe(422);
    expect(commit.text).toContain('Data berubah sejak pratinjau; tidak ada yang disimpan.');
    expect(commit.text).toContain('Bertumpang tindih');
    expect(await count()).toBe(before);
    const stored = await ctx.db.selectFrom('imports').select('committed_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.committed_at).toBeNull();
  });
});
