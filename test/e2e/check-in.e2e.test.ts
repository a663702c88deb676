import SQLite from 'better-sqlite3';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { checkInKey, signCheckIn, slotOf } from '../../src/features/checkin/check-in-token';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { desktop, launch, phone, signIn, step } from './browser';

/*
 * The Monday walk with check-in (docs/DESIGN.md, "Employees, check-in and events"): DISKOMINFO's
 * operator puts the rotating QR on the screen; its QR decodes to the link printed under it; an
 * employee on their phone (at the apel point) opens that link, taps Hadir, and the operator's
 * check-in list shows them; a second check-in is refused, and so is an expired code.
 * The demo province runs on Monday 23 November 2026 at 07:25 WIB, just before the apel.
 */
const NOW = '2026-11-23T00:25:00.000Z';
const MONDAY = '2026-11-23';
const SECRET = 'kunci-sesi-e2e-check-in-yang-cukup-panjang';
/** DISKOMINFO's apel point in the demo. */
const APEL = { latitude: -6.99323, longitude: 110.42037 };

/** The QR on the screen, decoded from a screenshot of its element. */
async function decodeQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.locator('.qr-box').screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('check-in at the apel, in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let dbFile: string;

  beforeAll(async () => {
    dbFile = tempDbFile('e2e-check-in');
    server = await startServer({ DATABASE_URL: dbFile, DEMO: '1', IKRAR_NOW: NOW, SESSION_SECRET: SECRET }, 120_000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a QR that decodes to its link; an employee checks in once; an expired code is refused', async () => {
    const db = new SQLite(dbFile, { readonly: true });
    const unit = db.prepare("SELECT id FROM opds WHERE code = 'DISKOMINFO'").get() as { id: number };
    const people = db
      .prepare("SELECT u.username, e.nip, e.name FROM users u JOIN employees e ON e.id = u.employee_id WHERE u.role = 'pegawai' ORDER BY e.id LIMIT 1")
      .all() as { username: string; nip: string; name: string }[];
    db.close();
    const employee = people[0];

    const office = await desktop(browser);
    const screen = await office.newPage();
    const link = await step(screen, 'check-in-screen', async () => {
      await signIn(screen, server.url, 'opd-diskominfo');
      await screen.goto(`${server.url}/opd/DISKOMINFO/sessions/${MONDAY}/qr`);
      // The QR may turn over between reading the text and the picture: read both until they agree.
      for (let attempt = 0; attempt < 3; attempt++) {
        const shown = (await screen.locator('.qr-link a').innerText()).trim();
        const decoded = await decodeQr(screen);
        if (decoded === shown) return shown;
      }
      throw new Error('the QR never decoded to the link under it');
    });
    expect(link).toMatch(new RegExp(`^${server.url}/c/A${unit.id}-20261123\\.\\d+\\.[A-Za-z0-9_-]{16}$`));

    const ctx = await phone(browser);
    await ctx.grantPermissions(['geolocation'], { origin: server.url });
    await ctx.setGeolocation({ ...APEL, accuracy: 15 });
    const page = await ctx.newPage();
    await step(page, 'employee-checks-in', async () => {
      await signIn(page, server.url, employee.username);
      await page.goto(link);
      const main = page.locator('main');
      expect(await main.innerText()).toContain(employee.name);
      expect(await main.innerText()).toContain('Apel pagi Dinas Komunikasi dan Informatika');
      await page.getByRole('button', { name: 'Hadir' }).click();
      await page.waitForSelector('.check-in-done');
      expect(await main.innerText()).toMatch(/Hadir tercatat pukul 07\.2\d\./);
    });

    await step(screen, 'operator-sees-check-in', async () => {
      await screen.goto(`${server.url}/opd/DISKOMINFO/sessions/${MONDAY}/check-ins`);
      const row = screen.locator('tr', { hasText: employee.nip });
      expect(await row.innerText()).toContain('Di dalam area');
      expect(await row.innerText()).toContain('Pindai QR sendiri');
    });

    await step(screen, 'roll-call-starts-from-check-in', async () => {
      // The roll-call of the same apel starts from the evidence: the employee is Hadir with the time.
      await screen.goto(`${server.url}/opd/DISKOMINFO/sessions/${MONDAY}`);
      await screen.waitForSelector('form[data-rc-state="ready"]');
      const rows = JSON.parse((await screen.locator('#rc-data').textContent())!).rows as unknown[][];
      const mine = rows.find((r) => r[2] === employee.nip)!;
      expect(mine[3]).toBe('H');
      expect(String(mine[7])).toMatch(/^Check-in 07:2\d · mandiri$/);
    });

    await step(page, 'second-check-in-refused', async () => {
      // The employee scans again (a fresh code): the page says when they already checked in, and a
      // second Hadir sent anyway is refused.
      await screen.goto(`${server.url}/opd/DISKOMINFO/sessions/${MONDAY}/qr`);
      const again = (await screen.locator('.qr-link a').innerText()).trim();
      await page.goto(again);
      expect(await page.locator('.check-in-done').innerText()).toMatch(/sudah tercatat hadir pukul 07\.2\d/);
      const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
      const res = await page.request.post(again, { form: { _csrf: csrf }, maxRedirects: 0 });
      expect(res.status()).toBe(409);
      expect(await res.text()).toContain('Anda sudah check-in pukul 07.2');
    });

    await step(page, 'expired-code-refused', async () => {
      const old = signCheckIn(checkInKey(SECRET), { kind: 'apel', opdId: unit.id, date: MONDAY }, slotOf(Date.parse(NOW)) - 4);
      const res = await page.goto(`${server.url}/c/${old}`);
      expect(res?.status()).toBe(410);
      expect(await page.locator('main').innerText()).toContain('Kode sudah kedaluwarsa, pindai lagi.');
    });
    await ctx.close();
    await office.close();
  });
});
