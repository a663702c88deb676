import type { Browser } from 'playwright-core';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { desktop, launch, phone, signIn, step } from './browser';

/*
 * An employee's journey on their phone: hr prints activation slips for BKD, one employee
 * activates with the code from the slip, lands on "Kehadiran saya", files a sick-leave request
 * with a PDF letter, the unit's operator approves it, the employee sees the decision, prints
 * their card, finds the Sekda's pages closed to them, and signs in again later by NIP.
 * The demo province runs on Monday 23 November 2026 at 08:00 WIB, before the roll-call deadline.
 */
const NOW = '2026-11-23T01:00:00.000Z';
const MONDAY = '2026-11-23';
const PASSWORD = 'Apel-senin-2026';
const LETTER = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe("an employee's journey on a phone", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: tempDbFile('e2e-employee'), DEMO: '1', IKRAR_NOW: NOW }, 120_000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('activates with a code, files a request with its letter, sees it approved, and signs in again by NIP', async () => {
    // hr makes the codes for BKD and reads the first slip, as the unit would hand it out.
    const office = await desktop(browser);
    const hrPage = await office.newPage();
    const slip = await step(hrPage, 'employee-codes', async () => {
      await signIn(hrPage, server.url, 'hr');
      await hrPage.goto(`${server.url}/opd/BKD/activation`);
      await hrPage.locator('button[name="scope"][value="all"]').click();
      const first = hrPage.locator('article.slip').first();
      await first.waitFor();
      const text = await first.innerText();
      const nip = /\b(\d{18})\b/.exec(text)![1];
      const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(text)![1];
      expect(await first.locator('.qr svg').count()).toBe(1);
      return { nip, code, name: (await first.locator('.name').innerText()).trim() };
    });
    await office.close();

    const ctx = await phone(browser);
    const page = await ctx.newPage();
    await step(page, 'employee-activates', async () => {
      await page.goto(`${server.url}/aktivasi?nip=${slip.nip}&kode=${encodeURIComponent(slip.code)}`);
      expect(await page.locator('#nip').inputValue()).toBe(slip.nip);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('#confirm').fill(PASSWORD);
      await page.getByRole('button', { name: 'Aktifkan akun' }).click();
      await page.waitForURL(`${server.url}/me`);
      await expect(page.getByRole('heading', { name: 'Kehadiran saya' }).isVisible()).resolves.toBe(true);
      expect(await page.locator('main').innerText()).toContain(slip.nip);
    });

    await step(page, 'employee-files-request', async () => {
      await page.locator('a[href="/me/requests/new"]').click();
      await page.locator('#kind').selectOption('S');
      await page.locator('#start_date').fill(MONDAY);
      await page.locator('#end_date').fill(MONDAY);
      await page.locator('#reason').fill('Demam tinggi, surat dokter terlampir');
      await page.locator('#letter').setInputFiles({ name: 'surat-dokter.pdf', mimeType: 'application/pdf', buffer: LETTER });
      await page.getByRole('button', { name: 'Kirim permohonan' }).click();
      await page.waitForURL((u) => u.pathname === '/me');
      expect(await page.locator('#requests').innerText()).toContain('Menunggu keputusan');
    });

    // The unit's operator approves it.
    const unit = await desktop(browser);
    const opPage = await unit.newPage();
    await step(opPage, 'operator-approves', async () => {
      await signIn(opPage, server.url, 'opd-bkd');
      await opPage.goto(`${server.url}/requests`);
      const request = opPage.locator('form[action$="/approve"]').filter({ has: opPage.locator('button') }).first();
      expect(await opPage.locator('main').innerText()).toContain(slip.name);
      await request.getByRole('button', { name: 'Setujui' }).click();
      await opPage.waitForLoadState();
      expect(await opPage.locator('main').innerText()).not.toContain('Demam tinggi');
    });
    await unit.close();

    await step(page, 'employee-sees-decision', async () => {
      await page.goto(`${server.url}/me`);
      const requests = await page.locator('#requests').innerText();
      expect(requests).toContain('Disetujui');
      expect(requests).toContain('Sakit');
      expect(await page.locator('main').innerText()).toContain('Ketidakhadiran terencana');
    });

    await step(page, 'employee-card-and-limits', async () => {
      await page.goto(`${server.url}/me/card`);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      expect(await page.locator('body').innerText()).toMatch(/IKR1\.\d+\.\d+\./);
      for (const path of ['/dashboard', `/opd/BKD/sessions/${MONDAY}`, '/employees', '/requests']) {
        const res = await page.goto(`${server.url}${path}`);
        expect([403, 404]).toContain(res!.status());
      }
    });

    await step(page, 'employee-signs-in-again', async () => {
      await page.goto(`${server.url}/me`);
      await page.getByRole('button', { name: 'Keluar' }).click();
      await signIn(page, server.url, slip.nip, PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/me');
    });
    await ctx.close();
  });
});
