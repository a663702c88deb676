import { Settings } from 'luxon';
import { saveSettings } from '../../src/features/settings/settings.service';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeEmployee, makeOpd, makeSession } from '../support/factories';
import { MARCH_NOW, type MarchScenario, seedMarch } from '../support/march-world';
import { binary, pdfPageTexts, readXlsx, sheetRows } from '../support/reports-files';

/*
 * The downloads as a BKD official signs them: long names whole (wrapped, never cut), the flags
 * in the PDF too, and the signature (name, rank, NIP in groups) right under the summary.
 */
const LONG_UNIT = 'Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Contoh Bagian Anggaran';
const LONG_CODE = 'KEL-MEKARSARI-UTARA';
const LONG_NAME = 'Raden Ajeng Siti Nurhaliza Kusumawardhani Wijayakusuma, S.Kom., M.T.';
const LONG_POSITION = 'Pengelola Pengadaan Barang/Jasa Ahli Pertama pada Sub Bagian Program dan Keuangan';
const SIGNER = { signer_name: 'Dr. Bambang Wicaksono, S.H., M.Si.', signer_rank: 'Pembina Utama Muda (IV/c)', signer_nip: '198703152014011555' };
const SIGNER_NIP = 'NIP 19870315 201401 1 555';

describe('monthly report documents', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let hr: Agent;
  const get = (query: string) => hr.get(`/reports/monthly?month=2026-03&${query}`).buffer(true).parse(binary);

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'RPD');
    const unit = await makeOpd(ctx.db, { code: LONG_CODE, name: LONG_UNIT });
    const person = await makeEmployee(ctx.db, { opdId: unit.id, name: LONG_NAME, category: 'PPPK_PW' });
    await ctx.db.updateTable('employees').set({ position: LONG_POSITION }).where('id', '=', person.id).execute();
    await makeSession(ctx.db, { opdId: unit.id, date: '2026-03-02', roll: [[person.id, 'H']] });
    await saveSettings(ctx.db, { system: 'test' }, SIGNER);
    hr = await signIn(ctx.app, s.users.hr.username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  describe('PDF', () => {
    let pages: string[];
    const flat = (page: string) => page.replace(/\n/g, ' ');
    const pageOf = (text: string) => pages.findIndex((p) => flat(p).includes(text));

    beforeAll(async () => {
      const res = await get('format=pdf');
      expect(res.status).toBe(200);
      pages = pdfPageTexts(res.body);
    });

    it('wraps long names instead of cutting them', () => {
      const all = pages.map(flat).join(' ');
      expect(all).not.toContain('…');
      // In the summary row, and as the caption of the unit's table.
      expect(all.split(LONG_UNIT).length - 1).toBeGreaterThanOrEqual(2);
      // The code column is narrow: the code breaks after a hyphen, nothing lost.
      expect(pages[0]).not.toContain(LONG_CODE);
      expect(pages[0].replace(/-\n/g, '-')).toContain(LONG_CODE);
      expect(all).toContain(LONG_NAME);
      expect(all).toContain(LONG_POSITION);
      expect(all).toContain('PPPK paruh waktu');
    });

    it('signs on the summary page, before the employee pages, with rank and the NIP in groups', () => {
      const summaryEnd = pages.findIndex((p) => p.split('\n').includes('Jumlah'));
      const signed = pageOf(SIGNER_NIP);
      expect(summaryEnd).toBeGreaterThanOrEqual(0);
      expect(signed).toBe(summaryEnd);
      const page = pages[signed].split('\n');
      expect(page.indexOf('Mengetahui,')).toBeGreaterThan(page.indexOf('Jumlah'));
      expect(page.slice(page.indexOf(SIGNER.signer_name))).toEqual([SIGNER.signer_name, SIGNER.signer_rank, SIGNER_NIP, ...page.slice(page.indexOf(SIGNER_NIP) + 1)]);
      expect(pageOf('B. Rincian per pegawai')).toBe(signed + 1);
      expect(pages.filter((p) => flat(p).includes('Mengetahui,'))).toHaveLength(1);
    });

    it('ends with the flags section: the same people and steps as the XLSX flags sheet', async () => {
      const all = pages.join('\n');
      const at = all.indexOf('C. Tidak ikut apel (TK), belum ditindaklanjuti');
      expect(at).toBeGreaterThan(all.lastIndexOf(LONG_NAME));
      const after = all.slice(at);
      const wb = await readXlsx((await get('format=xlsx')).body);
      const flagged = sheetRows(wb.getWorksheet('Tidak ikut apel (TK)')!).slice(7);
      expect(flagged.length).toBeGreaterThan(0);
      for (const [, nip, name, , , , , , step] of flagged) {
        expect(after).toContain(String(nip));
        expect(after).toContain(String(name));
        expect(after).toContain(String(step));
      }
    });
  });

  describe('XLSX', () => {
    it('wraps long text in columns as wide as their longest value, up to a cap', async () => {
      const wb = await readXlsx((await get('format=xlsx')).body);
      const unit = wb.getWorksheet(LONG_CODE)!;
      const widthOf = (ws: typeof unit, col: number) => ws.getColumn(col).width ?? 0;
      const dataRow = unit.getRow(8);
      // name, position, rank, category: wrapped, and wide enough for the longest value or capped
      for (const [col, longest, cap] of [
        [3, LONG_NAME.length, 45],
        [4, LONG_POSITION.length, 40],
        [6, 'PPPK paruh waktu'.length, 24],
      ] as const) {
        expect(dataRow.getCell(col).alignment).toMatchObject({ wrapText: true });
        expect(widthOf(unit, col)).toBeGreaterThanOrEqual(Math.min(longest, cap));
        expect(widthOf(unit, col)).toBeLessThanOrEqual(cap);
      }
      expect(dataRow.getCell(3).value).toBe(LONG_NAME);
      expect(dataRow.getCell(6).value).toBe('PPPK paruh waktu');

      const summary = wb.getWorksheet('Ringkasan')!;
      expect(widthOf(summary, 2)).toBeGreaterThanOrEqual(LONG_CODE.length);
      expect(widthOf(summary, 3)).toBe(60);
      expect(LONG_UNIT.length).toBeGreaterThan(60);
      const longRow = sheetRows(summary).findIndex((r) => r[2] === LONG_UNIT);
      expect(summary.getRow(longRow + 1).getCell(3).alignment).toMatchObject({ wrapText: true });

      const flags = wb.getWorksheet('Tidak ikut apel (TK)')!;
      const units = sheetRows(flags).slice(7).map((r) => String(r[4]));
      expect(widthOf(flags, 5)).toBeGreaterThanOrEqual(Math.max(...units.map((u) => u.length)));
    });

    it('signs with name, rank and the NIP in groups', async () => {
      const wb = await readXlsx((await get('format=xlsx')).body);
      // A merged cell reads the same in every column it spans: one value per row.
      const text = sheetRows(wb.getWorksheet('Ringkasan')!).map((r) => r.find((v) => typeof v === 'string'));
      const at = text.indexOf(SIGNER.signer_name);
      expect(text.slice(at, at + 3)).toEqual([SIGNER.signer_name, SIGNER.signer_rank, SIGNER_NIP]);
    });
  });

  it('shows the same signature in the HTML preview', async () => {
    const res = await hr.get('/reports/monthly?month=2026-03');
    expect(res.status).toBe(200);
    const block = res.text.slice(res.text.indexOf('class="report-signature"'));
    expect(block).toMatch(new RegExp(`${SIGNER.signer_name}</u></strong></p>\\s*<p>${SIGNER.signer_rank.replace(/[()]/g, '\\$&')}</p>\\s*<p>${SIGNER_NIP}</p>`));
  });
});
