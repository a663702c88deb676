import ExcelJS from 'exceljs';
import { Settings } from 'luxon';
import { signIn, useTestApp } from '../support/app';
import { binary, readXlsx } from '../support/reports-files';
import { MARCH_NOW, seedMarch } from '../support/march-world';
import { convertWithSoffice, findSoffice } from '../support/soffice';

/*
 * The monthly CSV opened in a real spreadsheet program: every NIP must come out as its 18
 * digits, as text, and stay so when the sheet is saved (here: saved as XLSX by LibreOffice).
 * Without LibreOffice the test is skipped on a developer's machine, never in CI.
 */
const soffice = findSoffice();
const missing = 'LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui';
const runs = soffice || process.env.CI ? it : it.skip;
const base = 'opened and saved by LibreOffice, every NIP is a text cell of its 18 digits';
const title = runs === it ? base : `${base} (SKIPPED: ${missing})`;

describe('monthly report CSV in a spreadsheet', () => {
  const ctx = useTestApp();
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  runs(title, async () => {
    if (!soffice) throw new Error(`CI is set but ${missing}`);
    Settings.now = () => MARCH_NOW;
    const s = await seedMarch(ctx.db, 'RPS');
    const hr = await signIn(ctx.app, s.users.hr.username);
    const csv = await hr.get('/reports/monthly?month=2026-03&format=csv').buffer(true).parse(binary);
    expect(csv.status).toBe(200);

    // 59 = ';', 34 = '"', 76 = UTF-8, start at line 1
    const xlsx = await convertWithSoffice(soffice, csv.body as Buffer, 'rekap.csv', 'xlsx', '59,34,76,1');
    const sheet = (await readXlsx(xlsx)).worksheets[0];
    expect(sheet.getCell('B1').value).toBe('NIP');
    const nips: unknown[] = [];
    sheet.eachRow((row, n) => {
      // Row 1 is the header; the last row is the summary's total, with no NIP.
      if (n === 1 || row.getCell(3).value === 'Jumlah ringkasan (semua unit dan kategori)') return;
      const cell = row.getCell(2);
      // A formula cell carries its result; either way the value LibreOffice shows and saves.
      nips.push(cell.type === ExcelJS.ValueType.Formula ? (cell.value as { result: unknown }).result : cell.value);
    });
    expect(nips).toHaveLength(Object.keys(s.people).length);
    for (const nip of nips) expect(nip).toMatch(/^\d{18}$/);
    expect((nips as string[]).sort()).toEqual(Object.values(s.people).map((p) => p.nip).sort());
    // The name a spreadsheet would run stays inert text.
    const names: unknown[] = [];
    sheet.eachRow((row) => names.push(row.getCell(3).value));
    expect(names).toContain(`'=HYPERLINK("x")`);
  }, 120_000);
});
