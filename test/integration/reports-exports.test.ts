import { parse } from 'csv-parse/sync';
import { Settings } from 'luxon';
import { saveSettings } from '../../src/features/settings/settings.service';
import { signIn, useTestApp, type Agent } from '../support/app';
import { binary, pdfFormText, pdfPageCount, pdfText, readXlsx, sheetRows } from '../support/reports-files';
import { MARCH_NOW, type MarchScenario, seedMarch } from '../support/march-world';

describe('monthly report downloads', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let hr: Agent;
  let opdA: Agent;
  const get = (agent: Agent, query: string) => agent.get(`/reports/monthly?month=2026-03&${query}`).buffer(true).parse(binary);

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'RPX');
    hr = await signIn(ctx.app, s.users.hr.username);
    opdA = await signIn(ctx.app, s.users.opdA.username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  describe('XLSX', () => {
    it('has a summary sheet, one sheet per OPD and a flags sheet, with letterhead and signature', async () => {
      const res = await get(hr, 'format=xlsx');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain('rekap-apel-2026-03.xlsx');
      const wb = await readXlsx(res.body);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', s.opds.b.code, s.opds.a.code, s.opds.c.code, 'Tidak ikut apel (TK)']);

      const summary = sheetRows(wb.getWorksheet('Ringkasan')!);
      // The shipped samples print as marked blanks, never as if they were real.
      expect(summary[0][0]).toBe('[BELUM DIISI: NAMA PEMERINTAH DAERAH]');
      expect(summary[1][0]).toBe('BADAN KEPEGAWAIAN DAERAH');
      expect(summary[4][0]).toContain('Bulan Maret 2026');
      expect(summary[6].slice(0, 4)).toEqual(['No', 'Kode', 'OPD', 'Sesi wajib']);
      const total = summary.find((r) => r[2] === 'Jumlah')!;
      // expected, on time, late, not logged, not held ... TK last
      expect(total.slice(3, 8)).toEqual([10, 5, 1, 4, 1]);
      expect(total[18]).toBe(4);
      const text = summary.flat().filter((v) => typeof v === 'string');
      expect(text).toEqual(expect.arrayContaining(['Mengetahui,', 'Kepala Badan Kepegawaian Daerah', '[belum diisi: nama penanda tangan]', 'Pembina Utama Muda (IV/c)', 'NIP [belum diisi: NIP penanda tangan]']));
      expect(text.some((v) => /^\[belum diisi: tempat penandatanganan\], 2 April 2026$/.test(v as string))).toBe(true);
      expect(wb.getWorksheet('Ringkasan')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    });

    it('stores NIPs as text with all 18 digits and formats rates as percentages', async () => {
      const wb = await readXlsx((await get(hr, 'format=xlsx')).body);
      const sheet = wb.getWorksheet(s.opds.a.code)!;
      const nipCells: { value: unknown; numFmt: string; type: number }[] = [];
      sheet.eachRow((row, n) => {
        if (n > 7 && typeof row.getCell(3).value === 'string' && row.getCell(3).value !== 'Jumlah') nipCells.push(row.getCell(2) as never);
      });
      expect(nipCells.map((c) => c.value).sort()).toEqual([s.people.budi.nip, s.people.citra.nip, s.people.eko.nip, s.people.formula.nip].sort());
      for (const c of nipCells) {
        expect(typeof c.value).toBe('string');
        expect(c.value).toMatch(/^\d{18}$/);
        expect(c.numFmt).toBe('@');
      }
      const formulaRow = sheetRows(sheet).find((r) => r[1] === s.people.formula.nip)!;
      // No, NIP, name, position, rank, category, H..TK, apels, rate, TPP, TK this year, step
      expect(formulaRow.slice(2, 3)).toEqual(['=HYPERLINK("x")']);
      expect(formulaRow.slice(6, 20)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0.04, 2, 'Teguran lisan']);
      let rateFmt = '';
      sheet.eachRow((row, n) => {
        if (n === 8) rateFmt = row.getCell(17).numFmt;
      });
      expect(rateFmt).toBe('0.0%');
      const flags = sheetRows(wb.getWorksheet('Tidak ikut apel (TK)')!).slice(7);
      expect(flags.map((r) => r[2])).toEqual(expect.arrayContaining(['=HYPERLINK("x")']));
    });

    it('gives an opd user only its own unit', async () => {
      const wb = await readXlsx((await get(opdA, 'format=xlsx')).body);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', s.opds.a.code, 'Tidak ikut apel (TK)']);
      const all = wb.worksheets.flatMap((w) => sheetRows(w).flat());
      expect(all).not.toContain(s.people.dewi.nip);
      expect((await get(opdA, `format=xlsx&opd=${s.opds.b.code}`)).status).toBe(404);
    });
  });

  describe('CSV', () => {
    // The last record is the summary's total (one-rate.test.ts); these tests read the employees.
    const all = (body: Buffer, delimiter = ';') => parse(body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter }) as string[][];
    const raw = (body: Buffer, delimiter = ';') => all(body, delimiter).slice(0, -1);
    // NIPs come as ="…" so spreadsheets keep them as text (reports-csv-spreadsheet.test.ts).
    const rows = (body: Buffer, delimiter = ';') => raw(body, delimiter).map((r, i) => (i === 0 ? r : [r[0], r[1].replace(/^="(.*)"$/, '$1'), ...r.slice(2)]));

    it('is UTF-8 with a BOM, ";" separated, one row per employee, formulas neutralised', async () => {
      const res = await get(hr, 'format=csv');
      const nips = raw(res.body).slice(1).map((r) => r[1]);
      expect(nips.sort()).toEqual(Object.values(s.people).map((p) => `="${p.nip}"`).sort());
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...data] = rows(res.body);
      expect(header.slice(0, 7)).toEqual(['No', 'NIP', 'Nama', 'Jabatan', 'Pangkat/Gol.', 'Kategori', 'OPD']);
      expect(data).toHaveLength(5);
      const formula = data.find((r) => r[1] === s.people.formula.nip)!;
      expect(formula[2]).toBe(`'=HYPERLINK("x")`);
      expect(data.flat().filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
      const tk = header.indexOf('TK');
      expect(data.reduce((a, r) => a + Number(r[tk]), 0)).toBe(4);
      const dewi = data.find((r) => r[1] === s.people.dewi.nip)!;
      expect(dewi[header.indexOf('Kehadiran (%)')]).toBe('66,7');
      expect(dewi[header.indexOf('Potongan TPP (%)')]).toBe('2');
      const total = all(res.body).at(-1)!;
      expect(total.slice(1, 3)).toEqual(['', 'Jumlah ringkasan (semua unit dan kategori)']);
      expect(total[tk]).toBe('4');
    });

    it('uses the separator from settings', async () => {
      await saveSettings(ctx.db, { system: 'test' }, { csv_separator: ',' });
      const res = await get(hr, 'format=csv');
      await saveSettings(ctx.db, { system: 'test' }, { csv_separator: ';' });
      const [header, ...data] = rows(res.body, ',');
      expect(header[1]).toBe('NIP');
      expect(data.find((r) => r[1] === s.people.dewi.nip)![header.indexOf('Kehadiran (%)')]).toBe('66.7');
    });

    it('gives an opd user only its own unit and only that unit\'s roll-calls', async () => {
      const [header, ...data] = rows((await get(opdA, 'format=csv')).body);
      expect(data.map((r) => r[1]).sort()).toEqual([s.people.budi.nip, s.people.citra.nip, s.people.eko.nip, s.people.formula.nip].sort());
      const eko = data.find((r) => r[1] === s.people.eko.nip)!;
      expect(eko[header.indexOf('OPD')]).toBe(s.opds.a.code);
      expect(eko[header.indexOf('TK')]).toBe('0');
      expect((await get(opdA, `format=csv&opd=${s.opds.b.code}`)).status).toBe(404);
    });
  });

  describe('PDF', () => {
    it('is an A4 landscape PDF with letterhead, tables, page numbers and the signature', async () => {
      const res = await get(hr, 'format=pdf');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = pdfPageCount(res.body);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(res.body.toString('latin1')).toContain('/MediaBox [0 0 841.89 595.28]');
      const text = pdfText(res.body);
      expect(text).toContain('[BELUM DIISI: NAMA PEMERINTAH DAERAH]');
      expect(text).toContain('Rekapitulasi Kehadiran Apel dan Ikrar Netralitas ASN');
      expect(text).toContain('Halaman 1 dari ');
      expect(text).toContain(`Halaman ${pages} dari `);
      expect(pdfFormText(res.body)).toBe(String(pages));
      expect(text).toContain(s.people.dewi.nip);
      expect(text).toContain(`1. ${s.opds.b.name} (${s.opds.b.code})`);
      expect(text).toContain('Mengetahui,');
      expect(text).toContain('NIP [belum diisi: NIP penanda tangan]');
    });

    it('gives an opd user only its own unit', async () => {
      const res = await get(opdA, 'format=pdf');
      const text = pdfText(res.body);
      expect(text).toContain(s.people.budi.nip);
      expect(text).not.toContain(s.people.dewi.nip);
      expect(text).not.toContain(s.opds.b.name);
      expect((await get(opdA, `format=pdf&opd=${s.opds.b.code}`)).status).toBe(404);
    });
  });
});
