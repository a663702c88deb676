import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { desktop, launch, phone, signIn, step } from './browser';

/*
 * A whole Monday in a real browser: the DISKOMINFO operator logs the apel on a
 * phone, the Sekda sees the unit leave "belum lapor" and drills down to the roll-call, and hr
 * downloads the monthly XLSX. The server runs the demo province at Tuesday 13:00 WIB, just after
 * Monday's deadline, so DISKOMINFO (left open by the demo) starts out overdue.
 */
const NOW = '2026-11-24T06:00:00.000Z';
const MONDAY = '2026-11-23';

describe('a Monday in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let dbFile: string;
  let absentee: { id: number; name: string };

  beforeAll(async () => {
    dbFile = tempDbFile('e2e');
    server = await startServer({ DATABASE_URL: dbFile, DEMO: '1', IKRAR_NOW: NOW }, 120_000);
    // This Monday is the classic one: everyone starts Hadir and the operator marks the exceptions.
    // DISKOMINFO's demo check-in (the roll-call from the evidence) has its own test, check-in.e2e.test.ts.
    const db = new SQLite(dbFile);
    db.prepare("update opds set check_in = 0 where code = 'DISKOMINFO'").run();
    db.close();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function belumLaporCodes(): Promise<string[]> {
    const ctx = await desktop(browser);
    const page = await ctx.newPage();
    await signIn(page, server.url, 'sekda');
    await page.goto(`${server.url}/dashboard?period=week`);
    const codes = await page.locator('table.belum-lapor tbody tr td:first-child small').allTextContents();
    await ctx.close();
    return codes.map((c) => c.replace(/[()]/g, '').trim());
  }

  it('lists DISKOMINFO as not reported before the operator acts', async () => {
    expect(await belumLaporCodes()).toContain('DISKOMINFO');
  });

  it('lets the operator log the apel on a phone, marking one absentee through the filter', async () => {
    const ctx = await phone(browser);
    const page = await ctx.newPage();
    await step(page, 'operator-sign-in', () => signIn(page, server.url, 'opd-diskominfo'));
    expect(new URL(page.url()).pathname).toBe('/opd/DISKOMINFO');

    await step(page, 'operator-open-session', async () => {
      await page.getByRole('button', { name: /Buka apel/ }).click();
      await page.waitForURL(`**/opd/DISKOMINFO/sessions/${MONDAY}`);
    });
    await step(page, 'operator-details', async () => {
      await page.getByLabel('Pembina apel').fill('Kepala Dinas Kominfo');
      await page.getByLabel('Pembaca ikrar').fill('Sekretaris Dinas');
    });
    await step(page, 'operator-filter-and-mark', async () => {
      await page.locator('form#session-form[data-rc-state="ready"]').waitFor();
      const first = page.locator('#rc-list > li[data-id]').first();
      absentee = { id: Number(await first.getAttribute('data-id')), name: (await first.locator('.rc-who .rc-name').textContent())!.trim() };
      // The search draws the matches from the page's data: no round trip, the row stays markable.
      await page.locator('#rc-q').fill(absentee.name.split(' ').slice(0, 2).join(' '));
      await page.locator('#rc-list[data-rc-query]').waitFor({ state: 'attached' });
      const row = page.locator(`#rc-list > li[data-id="${absentee.id}"]`);
      await row.locator('label').filter({ has: page.locator('input[value="TK"]') }).click();
      expect(await row.locator('input[value="TK"]').isChecked()).toBe(true);
    });
    await step(page, 'operator-submit', async () => {
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.waitForURL(`**/opd/DISKOMINFO/sessions/${MONDAY}`);
      await page.locator('.flash').first().waitFor();
    });
    await ctx.close();

    const db = new SQLite(dbFile, { readonly: true });
    const session = db
      .prepare("select s.* from sessions s join opds o on o.id = s.opd_id where o.code = 'DISKOMINFO' and s.pledge_date = ?")
      .get(MONDAY) as { id: number; state: string; late: number; pembina: string; count_tk: number };
    const row = db.prepare('select status from attendance where session_id = ? and employee_id = ?').get(session.id, absentee.id) as { status: string };
    db.close();
    expect(session).toMatchObject({ state: 'submitted', late: 1, pembina: 'Kepala Dinas Kominfo' });
    expect(row.status).toBe('TK');
    expect(session.count_tk).toBeGreaterThanOrEqual(1);
  });

  it('shows the Sekda the unit out of "belum lapor" and drills down to that roll-call', async () => {
    expect(await belumLaporCodes()).not.toContain('DISKOMINFO');
    const ctx = await desktop(browser);
    const page = await ctx.newPage();
    await signIn(page, server.url, 'sekda');
    await step(page, 'sekda-drill-down', async () => {
      await page.goto(`${server.url}/dashboard?period=week`);
      await page.getByRole('link', { name: 'Dinas Komunikasi dan Informatika' }).first().click();
      await page.waitForURL('**/opd/DISKOMINFO**');
      await page.locator(`a[href="/opd/DISKOMINFO/sessions/${MONDAY}"]`).first().click();
      await page.waitForURL(`**/opd/DISKOMINFO/sessions/${MONDAY}`);
    });
    // A reader sees the exceptions first, grouped by status: the absentee is in the TK group.
    const tk = page.locator('ul[aria-labelledby="roll-group-TK"]');
    const link = tk.getByRole('link', { name: absentee.name, exact: true });
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toMatch(/^\/employees\/\d{18}$/);
    await ctx.close();
  });

  it('lets an operator do the whole Monday with JavaScript turned off', async () => {
    const db = new SQLite(dbFile, { readonly: true });
    const open = db
      .prepare("select lower(code) code, code as upper from opds o where not exists (select 1 from sessions s where s.opd_id = o.id and s.pledge_date = ?) and code <> 'KESBANGPOL' order by code")
      .get(MONDAY) as { code: string; upper: string };
    db.close();
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, server.url, `opd-${open.code}`);
    let employeeId = 0;
    await step(page, 'nojs-log-session', async () => {
      await page.goto(`${server.url}/opd/${open.upper}/sessions/${MONDAY}`);
      await page.getByLabel('Pembina apel').fill('Kepala Unit');
      const row = page.locator('#rc-list > li[data-id]').nth(1);
      employeeId = Number(await row.getAttribute('data-id'));
      await row.locator('label').filter({ has: page.locator('input[value="S"]') }).click();
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.waitForURL(`**/opd/${open.upper}/sessions/${MONDAY}`);
    });
    await ctx.close();
    const check = new SQLite(dbFile, { readonly: true });
    const row = check
      .prepare('select s.state, a.status from sessions s join opds o on o.id = s.opd_id join attendance a on a.session_id = s.id where o.code = ? and s.pledge_date = ? and a.employee_id = ?')
      .get(open.upper, MONDAY, employeeId) as { state: string; status: string };
    check.close();
    expect(row).toEqual({ state: 'submitted', status: 'S' });
  });

  it('lets hr download the monthly XLSX and the file reads back', async () => {
    const ctx = await desktop(browser);
    const page = await ctx.newPage();
    await signIn(page, server.url, 'hr');
    await page.goto(`${server.url}/reports/monthly?month=2026-11`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-xlsx-')), 'report.xlsx');
    await step(page, 'hr-download-xlsx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'XLSX' }).click()]);
      await download.saveAs(file);
    });
    await ctx.close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.length).toBeGreaterThan(3);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.some((n) => n.includes('DISKOMINFO'))).toBe(true);
    const sheet = wb.worksheets.find((w) => w.name.includes('DISKOMINFO'))!;
    const nips: ExcelJS.CellValue[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && /^\d{18}$/.test(cell.value) && nips.push(cell.value)));
    expect(nips.length).toBeGreaterThan(5);
  });
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveCountAtLeast(n: number): Promise<R>;
    }
  }
}

expect.extend({
  async toHaveCountAtLeast(locator: { count(): Promise<number> }, n: number) {
    const count = await locator.count();
    return { pass: count >= n, message: () => `expected at least ${n} elements, found ${count}` };
  },
});
