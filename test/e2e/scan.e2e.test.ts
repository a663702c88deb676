import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { launch, phone, signIn, step } from './browser';

/*
 * The officer's card scan in Debian's Chromium with a fake camera: the camera "films" a
 * personal card's QR code (a Y4M video this test writes), the DISKOMINFO operator opens the
 * scanner on a phone-sized page, and the card becomes a check-in (method 'scan'); the same card
 * read again records nothing more; a person found by NIP while the phone is offline waits in the
 * page ("Menunggu jaringan") and is recorded once the network is back.
 * Chromium on Linux has no BarcodeDetector, so the page decodes with jsQR served by the app:
 * the test checks which decoder the page picked against what the browser offers.
 * The demo province on Monday 23 November 2026 at 08:00 WIB.
 */
const NOW = '2026-11-23T01:00:00.000Z';
const MONDAY = '2026-11-23';
const UNIT = 'DISKOMINFO';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What the page's globals offer to the functions the test runs in it (the test has no DOM types). */
type PageGlobals = {
  BarcodeDetector?: { getSupportedFormats(): Promise<string[]> };
  localStorage: { getItem(key: string): string | null; clear(): void };
  fetch: typeof fetch;
};

/** A Y4M video (4:2:0) of `text`'s QR code, black on white, 8 pixels a module with a 4-module quiet zone. */
function qrVideo(text: string, file: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const [w, h, scale, quiet] = [640, 480, 8, 4];
  const side = (n + 2 * quiet) * scale;
  const x0 = Math.floor((w - side) / 2);
  const y0 = Math.floor((h - side) / 2);
  const y = Buffer.alloc(w * h, 235);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const start = (y0 + (quiet + row) * scale + dy) * w + x0 + (quiet + col) * scale;
        y.fill(16, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const frames = Array.from({ length: 10 }, () => frame);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

describe("the officer's card scan in a real browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let dbFile: string;
  let video: string;
  let card: { code: string; name: string };
  const scanUrl = () => `${server.url}/opd/${UNIT}/sessions/${MONDAY}/scan`;

  function checkIns(): { employee_id: number; method: string; recorded_by: number; name: string; nip: string; username: string }[] {
    const db = new SQLite(dbFile, { readonly: true });
    try {
      return db
        .prepare(
          `select c.employee_id, c.method, c.recorded_by, e.name, e.nip, u.username from check_ins c
           join employees e on e.id = c.employee_id left join users u on u.id = c.recorded_by
           where c.pledge_date = ? and c.event_id is null order by c.id`,
        )
        .all(MONDAY) as ReturnType<typeof checkIns>;
    } finally {
      db.close();
    }
  }

  async function openScanner(page: Page) {
    await page.goto(scanUrl());
    await page.locator('#scanner[data-decoder]').waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    dbFile = tempDbFile('e2e-scan');
    server = await startServer({ DATABASE_URL: dbFile, DEMO: '1', IKRAR_NOW: NOW }, 120_000);
    // The card as the unit prints it: the first of the operator's card sheet.
    const res = await fetch(`${server.url}/login`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1];
    const body = new URLSearchParams({ username: 'opd-diskominfo', password: 'ikrar-demo', _csrf: csrf });
    const login = await fetch(`${server.url}/login`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
    const session = login.headers.get('set-cookie')!.split(';')[0];
    const sheet = await (await fetch(`${server.url}/opd/${UNIT}/cards`, { headers: { cookie: session } })).text();
    const first = /<div class="name">([^<]+)<\/div>[\s\S]*?<div class="card-code">(IKR1\.[^<]+)<\/div>/.exec(sheet)!;
    card = { name: first[1].replace(/&#x27;/g, "'").replace(/&amp;/g, '&'), code: first[2] };
    video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-scan-video-')), 'card.y4m');
    qrVideo(card.code, video);
    browser = await launch(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream']);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (video) fs.rmSync(path.dirname(video), { recursive: true, force: true });
  });

  it('reads a card with the camera once, records nothing more on a second read, and sends an offline record when back online', async () => {
    const ctx = await phone(browser);
    await ctx.grantPermissions(['camera'], { origin: server.url });
    const page = await ctx.newPage();
    await signIn(page, server.url, 'opd-diskominfo');

    await step(page, 'scan-reads-card', async () => {
      await openScanner(page);
      const native = await page.evaluate(async () => {
        const detector = (globalThis as unknown as PageGlobals).BarcodeDetector;
        return detector !== undefined && (await detector.getSupportedFormats()).includes('qr_code');
      });
      expect(await page.locator('#scanner').getAttribute('data-decoder')).toBe(native ? 'native' : 'jsqr');
      const ok = page.locator('#scan-list li[data-state="ok"]');
      await ok.first().waitFor({ timeout: 30_000 });
      expect(await ok.first().innerText()).toContain(card.name);
      expect(await page.locator('#scan-cue').innerText()).toMatch(/tercatat hadir pukul 08:0\d/);
      // The camera goes on seeing the card: the page sends it once.
      await page.waitForTimeout(2000);
      expect(await page.locator('#scan-list li').count()).toBe(1);
      expect(checkIns()).toEqual([expect.objectContaining({ name: card.name, method: 'scan', username: 'opd-diskominfo' })]);
    });

    await step(page, 'scan-second-read', async () => {
      // A fresh page that has forgotten the first scan reads the card again: the server records nothing more.
      await page.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.clear());
      await openScanner(page);
      const already = page.locator('#scan-list li[data-state="already"]');
      await already.first().waitFor({ timeout: 30_000 });
      expect(await already.first().innerText()).toMatch(/sudah tercatat pukul 08:0\d/);
      expect(checkIns()).toHaveLength(1);
    });

    const other = await step(page, 'scan-offline-search', async () => {
      // Someone whose card is lost: found by NIP while online, recorded while the phone is offline.
      type Person = { nip: string; name: string; checked_in_at: string | null };
      const people = await page.evaluate(async (url) => {
        const res = await (globalThis as unknown as PageGlobals).fetch(`${url}/people?q=19`, { headers: { Accept: 'application/json' } });
        return ((await res.json()) as { people: Person[] }).people;
      }, scanUrl());
      const who = people.find((p) => !p.checked_in_at)!;
      await page.locator('#scan-q').fill(who.nip);
      await page.getByRole('button', { name: 'Cari' }).click();
      const button = page.locator('#scan-found li', { hasText: who.name }).getByRole('button', { name: 'Catat hadir' });
      await button.waitFor();
      await ctx.setOffline(true);
      await button.click();
      const waiting = page.locator('#scan-list li[data-state="pending"]');
      await waiting.waitFor();
      expect(await waiting.innerText()).toContain('Menunggu jaringan');
      expect(await page.locator('#scan-net').isVisible()).toBe(true);
      await page.waitForTimeout(4000);
      expect(checkIns().map((c) => c.nip)).not.toContain(who.nip);
      // The queue survives a look at it from storage, with its own id for the server.
      const stored = await page.evaluate((key) => JSON.parse((globalThis as unknown as PageGlobals).localStorage.getItem(key) ?? '[]'), `ikrar.scan.${UNIT}.${MONDAY}`);
      expect(stored.filter((i: { state: string }) => i.state === 'pending')).toEqual([expect.objectContaining({ employee_id: expect.any(String), id: expect.stringMatching(/^[0-9a-f]{24}$/) })]);
      return who;
    });

    await step(page, 'scan-back-online', async () => {
      await ctx.setOffline(false);
      await page.locator('#scan-list li[data-state="ok"]', { hasText: other.name }).waitFor({ timeout: 30_000 });
      expect(await page.locator('#scan-list li[data-state="pending"]').count()).toBe(0);
      const rows = checkIns();
      expect(rows).toHaveLength(2);
      expect(rows[1]).toEqual(expect.objectContaining({ nip: other.nip, method: 'scan', username: 'opd-diskominfo' }));
    });

    await step(page, 'scan-accessible', async () => {
      // The page as the operator sees it with a search made: no serious or critical axe-core finding.
      await page.goto(`${scanUrl()}?q=19`);
      await page.locator('#scanner[data-decoder]').waitFor();
      if (process.env.SCAN_SCREENSHOT) await page.screenshot({ path: process.env.SCAN_SCREENSHOT, fullPage: true });
      // Evaluated through the debugging protocol: the page's CSP (no inline script) stays on.
      await page.evaluate(AXE);
      const violations = (await page.evaluate(
        `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.help))`,
      )) as string[];
      expect(violations).toEqual([]);
    });
    await ctx.close();
  });
});
