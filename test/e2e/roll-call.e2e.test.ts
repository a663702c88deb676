import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { seedBigUnits } from './big-units';
import { launch, phone, signIn, step } from './browser';
import { ROLL_PAGE_SIZE } from '../../src/features/sessions/roll-call-list';

/*
 * The roll-call of a 3,000-person unit on a phone, with JavaScript and without. The server runs
 * on Monday 23 November 2026 at 09:00 WIB, before the Tuesday noon deadline, so the operators
 * can still edit; the units were seeded three weeks earlier (big-units.ts), so this Monday starts
 * with no session and everyone pre-filled as Hadir.
 */
const NOW = '2026-11-23T02:00:00.000Z';
const MONDAY = '2026-11-23';
const SEEDED_AT = '2026-11-02T02:00:00.000Z';
const PAGE_SIZE = ROLL_PAGE_SIZE;

/** A row of the page's #rc-data: [id, name, NIP, value, note, why, dirty]. */
type DataRow = [number, string, string, string, string, string, number];

const CODES = new Set(['H', 'HD', 'TL', 'DL', 'S', 'I', 'C', 'TB', 'TK']);

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
}

describe('the roll-call of a 3,000-person unit', () => {
  let server: RunningServer;
  let browser: Browser;
  let dbFile: string;

  beforeAll(async () => {
    dbFile = tempDbFile('e2e-roll');
    await seedBigUnits(dbFile, SEEDED_AT);
    server = await startServer({ DATABASE_URL: dbFile, DEMO: '1', IKRAR_NOW: NOW }, 120_000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const sessionUrl = (code: string) => `${server.url}/opd/${code}/sessions/${MONDAY}`;

  async function openRoll(ctx: BrowserContext, code: string): Promise<Page> {
    const page = await ctx.newPage();
    await step(page, `sign-in-${code}`, async () => {
      await signIn(page, server.url, `opd-${code.toLowerCase()}`);
      await page.goto(sessionUrl(code));
    });
    return page;
  }

  async function rollData(page: Page): Promise<DataRow[]> {
    return (JSON.parse((await page.locator('#rc-data').textContent())!) as { rows: DataRow[] }).rows;
  }

  const row = (page: Page, id: number) => page.locator(`#rc-list > li[data-id="${id}"]`);
  const radio = (page: Page, id: number, value: string) => row(page, id).locator(`input[type=radio][value="${value}"]`);
  /** Taps the status chip (the radio itself is invisible inside its label). */
  async function mark(page: Page, id: number, value: string): Promise<void> {
    await row(page, id).locator('label').filter({ has: page.locator(`input[value="${value}"]`) }).click();
    expect(await radio(page, id, value).isChecked()).toBe(true);
  }
  async function counts(page: Page): Promise<Record<string, number>> {
    return page.$$eval('output[data-count]', (outs) => Object.fromEntries(outs.map((o) => [o.getAttribute('data-count')!, Number(o.textContent)])));
  }
  // The test's types have no DOM: the page's window is reached through globalThis.
  const scrollY = (page: Page) => page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
  const listIds = (page: Page) => page.$$eval('#rc-list > li[data-id]', (lis) => lis.map((li) => Number(li.getAttribute('data-id'))));

  /** The same search as the page's: part of the name (any case) or of the NIP (spaces ignored). */
  function matches(rows: DataRow[], q: string): DataRow[] {
    const text = q.toLocaleLowerCase('id');
    const digits = q.replace(/\s+/g, '');
    return rows.filter((r) => r[1].toLocaleLowerCase('id').includes(text) || (digits !== '' && r[2].includes(digits)));
  }
  const plain = (r: DataRow) => r[3] === 'H' && r[5] === '';

  function readDb<T>(fn: (db: SQLite.Database) => T): T {
    const db = new SQLite(dbFile, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }
  interface Stored {
    session: { id: number; state: string; held: number } | undefined;
    rows: { employee_id: number; status: string }[];
  }
  function stored(code: string): Stored {
    return readDb((db) => {
      const session = db
        .prepare('select s.id, s.state, s.held from sessions s join opds o on o.id = s.opd_id where o.code = ? and s.pledge_date = ?')
        .get(code, MONDAY) as Stored['session'];
      const rows = session ? (db.prepare('select employee_id, status from attendance where session_id = ?').all(session.id) as Stored['rows']) : [];
      return { session, rows };
    });
  }
  const exceptions = (rows: Stored['rows']) =>
    Object.fromEntries(rows.filter((r) => r.status !== 'H').map((r) => [r.employee_id, r.status]));

  it('labels every status in words, drawn by the server or by the script', async () => {
    const labelsOf = (page: Page) =>
      page.$$eval('#rc-list > li[data-id]', (lis) =>
        lis.map((li) => [...li.querySelectorAll('.rc-pick label')].map((l) => [l.querySelector('input')!.value, l.textContent!.trim()])),
      );
    const check = (rows: string[][][]) => {
      expect(rows.length).toBe(PAGE_SIZE);
      for (const labels of rows) {
        const words = Object.fromEntries(labels);
        expect(words).toMatchObject({ H: 'Hadir', TL: 'Terlambat', S: 'Sakit', I: 'Izin', DL: 'Dinas luar', TK: 'Tanpa keterangan', C: 'Cuti' });
        for (const [, text] of labels) expect(CODES.has(text) || text === '').toBe(false);
      }
    };

    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const server1 = await openRoll(noJs, 'DISDIK');
    await step(server1, 'words-server-drawn', async () => check(await labelsOf(server1)));
    await noJs.close();

    const ctx = await phone(browser);
    const page = await openRoll(ctx, 'DISDIK');
    await step(page, 'words-script-drawn', async () => {
      await page.locator('form#session-form[data-rc-state="ready"]').waitFor();
      await page.locator('[data-rc-next]').click();
      await page.locator('#rc-list[data-page="2"]').waitFor({ state: 'attached' });
      // The script draws the rarer statuses when "Lainnya" opens: open them all, then read.
      await page.$$eval('#rc-list .rc-more', (all) => all.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
      await page.locator('#rc-list .rc-more[data-lazy]').first().waitFor({ state: 'detached' });
      check(await labelsOf(page));
      // The counts in the bar are named in words too.
      const bar = await page.$$eval('.rc-counts li', (lis) => lis.map((li) => li.firstChild!.textContent!.trim()));
      expect(bar).toContain('Tanpa keterangan');
      for (const word of bar) expect(CODES.has(word)).toBe(false);
    });
    await ctx.close();
  });

  it('with JavaScript: search, pages and counts in the page, a draft saved in place, a warning before leaving, a restore, a submission', async () => {
    const ctx = await phone(browser);
    const page = await openRoll(ctx, 'DISDIK');
    const dialogs: string[] = [];
    let answer: 'accept' | 'dismiss' = 'dismiss';
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void (answer === 'accept' ? d.accept() : d.dismiss());
    });
    const ready = () => page.locator('form#session-form[data-rc-state="ready"]').waitFor();
    await step(page, 'js-ready', ready);
    const rows = await rollData(page);
    expect(rows.length).toBeGreaterThan(2800);
    expect(rows.every((r) => r[3] === 'H')).toBe(true);
    const before = await counts(page);
    expect(before.H).toBe(rows.length);

    // Someone found by part of the name: a name whose matches fit on the first page of results.
    const byName = rows.find((r) => plain(r) && matches(rows, r[1].split(',')[0]).indexOf(r) < PAGE_SIZE)!;
    const nameQuery = byName[1].split(',')[0];
    await step(page, 'js-search-name', async () => {
      await page.locator('#rc-q').fill(nameQuery);
      await page.locator(`#rc-list[data-rc-query="${nameQuery}"]`).waitFor({ state: 'attached' });
      expect(await listIds(page)).toEqual(matches(rows, nameQuery).slice(0, PAGE_SIZE).map((r) => r[0]));
      await mark(page, byName[0], 'S');
    });

    // Someone found by a piece of the NIP only they have, typed with a space in it.
    let byNip: DataRow | undefined;
    let nipQuery = '';
    for (const r of rows) {
      if (!plain(r) || r === byName) continue;
      const piece = r[2].slice(8, 18);
      if (matches(rows, piece).length === 1) {
        byNip = r;
        nipQuery = `${piece.slice(0, 5)} ${piece.slice(5)}`;
        break;
      }
    }
    expect(byNip).toBeDefined();
    await step(page, 'js-search-nip', async () => {
      await page.locator('#rc-q').fill(nipQuery);
      await page.locator(`#rc-list[data-rc-query="${nipQuery}"]`).waitFor({ state: 'attached' });
      expect(await listIds(page)).toEqual([byNip![0]]);
      await mark(page, byNip![0], 'TK');
    });

    // Page 3 of the whole list, drawn in the page.
    let onPage3 = 0;
    await step(page, 'js-page-3', async () => {
      await page.locator('#rc-q').fill('');
      await page.locator('#rc-list[data-rc-query=""]').waitFor({ state: 'attached' });
      await page.locator('[data-rc-next]').click();
      await page.locator('[data-rc-next]').click();
      await page.locator('#rc-list[data-page="3"]').waitFor({ state: 'attached' });
      const ids = await listIds(page);
      expect(ids).toEqual(rows.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE).map((r) => r[0]));
      onPage3 = ids.find((id) => id !== byName[0] && id !== byNip![0])!;
      await mark(page, onPage3, 'I');
    });

    await step(page, 'js-counts', async () => {
      expect(await counts(page)).toEqual({ ...before, H: before.H - 3, S: before.S + 1, TK: before.TK + 1, I: before.I + 1 });
    });

    await step(page, 'js-save-draft-in-place', async () => {
      const url = page.url();
      const scrolled = await scrollY(page);
      expect(scrolled).toBeGreaterThan(0);
      await page.locator('button[name=action][value=draft]').click();
      await page.locator('form#session-form[data-rc-saved]').waitFor({ state: 'attached' });
      expect(page.url()).toBe(url);
      expect(Math.abs((await scrollY(page)) - scrolled)).toBeLessThan(5);
      expect(await page.locator('#rc-save-status').textContent()).toMatch(/tersimpan/i);
    });
    const draft = stored('DISDIK');
    expect(draft.session?.state).toBe('draft');
    expect(exceptions(draft.rows)).toEqual({ [byName[0]]: 'S', [byNip![0]]: 'TK', [onPage3]: 'I' });

    const marked = [
      [byName[0], 'S'],
      [byNip![0], 'TK'],
      [onPage3, 'I'],
    ] as const;
    let fourth = 0;
    await step(page, 'js-reload-saved-first', async () => {
      await page.reload();
      await ready();
      expect(dialogs).toEqual([]); // nothing unsaved: leaving asks nothing
      const ids = await listIds(page);
      for (const [id, value] of marked) {
        expect(ids).toContain(id);
        expect(await row(page, id).getAttribute('class')).toContain('rc-attn');
        expect(await radio(page, id, value).isChecked()).toBe(true);
      }
      expect(await page.locator('#rc-restore').isHidden()).toBe(true);
      const plainIds = await page.$$eval('#rc-list > li[data-id]:not(.rc-attn)', (lis) => lis.map((li) => Number(li.getAttribute('data-id'))));
      fourth = plainIds[0];
      await mark(page, fourth, 'DL');
    });

    await step(page, 'js-warn-before-leaving', async () => {
      const url = page.url();
      await page.getByRole('link', { name: 'English' }).click();
      await until(() => dialogs.length > 0);
      expect(dialogs[0]).toBe('beforeunload');
      expect(page.url()).toBe(url);
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(await radio(page, fourth, 'DL').isChecked()).toBe(true);
    });

    await step(page, 'js-restore', async () => {
      answer = 'accept';
      await page.reload();
      expect(dialogs).toEqual(['beforeunload', 'beforeunload']);
      await ready();
      expect(await radio(page, fourth, 'H').isChecked()).toBe(true); // the server never had it
      await page.locator('#rc-restore').waitFor();
      await page.locator('#rc-restore-yes').click();
      expect(await page.locator('#rc-restore').isHidden()).toBe(true);
      expect(await radio(page, fourth, 'DL').isChecked()).toBe(true);
      expect((await counts(page)).DL).toBe(before.DL + 1);
    });

    await step(page, 'js-submit', async () => {
      // The restored row is not on screen when the report goes: it must go all the same.
      await page.locator('#rc-q').fill(nipQuery);
      await page.locator(`#rc-list[data-rc-query="${nipQuery}"]`).waitFor({ state: 'attached' });
      expect(await row(page, fourth).count()).toBe(0);
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.waitForURL(sessionUrl('DISDIK'));
      await page.locator('.session-status .badge.state-terkirim').waitFor();
      await ready();
      expect(await page.locator('#rc-restore').isHidden()).toBe(true);
    });
    // After the submission, still before the deadline: the details can change, the fields follow.
    await step(page, 'js-held-or-not', async () => {
      await page.getByRole('radio', { name: 'Tidak dilaksanakan' }).check();
      expect([await page.locator('#pembina').isVisible(), await page.locator('section.roll-call').isVisible()]).toEqual([false, false]);
      expect(await page.locator('#not_held_kind').isVisible()).toBe(true);
      await page.getByRole('radio', { name: 'Dilaksanakan', exact: true }).check();
      expect([await page.locator('#pembina').isVisible(), await page.locator('section.roll-call').isVisible()]).toEqual([true, true]);
      expect(await page.locator('#not_held_kind').isVisible()).toBe(false);
    });

    await ctx.close();

    const done = stored('DISDIK');
    expect(done.session?.state).toBe('submitted');
    expect(done.rows).toHaveLength(rows.length);
    expect(exceptions(done.rows)).toEqual({ [byName[0]]: 'S', [byNip![0]]: 'TK', [onPage3]: 'I', [fourth]: 'DL' });
  });

  it('without JavaScript: search and pages through the server, each page saved in the draft, held or not, a submission', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await openRoll(ctx, 'RSUD');
    const rows = await rollData(page);
    expect(rows.length).toBeGreaterThan(2000);
    expect(stored('RSUD').session).toBeUndefined();

    // A word of the names that fills two or three pages: one person on its first page, one on its second.
    const words = [...new Set(rows.flatMap((r) => r[1].split(/[\s,]+/)))].filter((w) => w.length >= 4);
    let query = '';
    let first: DataRow | undefined;
    let second: DataRow | undefined;
    for (const w of words) {
      const found = matches(rows, w);
      if (found.length <= PAGE_SIZE + 5 || found.length > 3 * PAGE_SIZE) continue;
      first = found.slice(0, PAGE_SIZE).find(plain);
      second = found.slice(PAGE_SIZE, 2 * PAGE_SIZE).find(plain);
      if (first && second) {
        query = w;
        break;
      }
    }
    expect(query).not.toBe('');
    const found = matches(rows, query);
    const base = new URL(sessionUrl('RSUD')).pathname;

    await step(page, 'nojs-search', async () => {
      await page.locator('#rc-q').fill(query);
      await page.locator('button[name=go][value=search]').click();
      await page.waitForURL((u) => u.pathname === base && u.searchParams.get('q') === query);
      expect(await listIds(page)).toEqual(found.slice(0, PAGE_SIZE).map((r) => r[0]));
      await mark(page, first![0], 'S');
    });

    await step(page, 'nojs-next-page', async () => {
      await page.locator('[data-rc-next]').click();
      await page.waitForURL((u) => u.searchParams.get('page') === '2' && u.searchParams.get('q') === query);
      expect(await listIds(page)).toEqual(found.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((r) => r[0]));
    });
    const draft = stored('RSUD');
    expect(draft.session?.state).toBe('draft');
    expect(exceptions(draft.rows)).toEqual({ [first![0]]: 'S' });

    await step(page, 'nojs-back-to-page-1', async () => {
      await mark(page, second![0], 'TK');
      await page.locator('[data-rc-prev]').click();
      // Page 1 is the URL without a page.
      await page.waitForURL((u) => u.searchParams.get('q') === query && !u.searchParams.has('page'));
      expect(await radio(page, first![0], 'S').isChecked()).toBe(true);
    });
    expect(exceptions(stored('RSUD').rows)).toEqual({ [first![0]]: 'S', [second![0]]: 'TK' });

    await step(page, 'nojs-held-or-not', async () => {
      const heldOnly = [page.locator('#mode'), page.locator('#pembina'), page.locator('#location'), page.locator('section.roll-call')];
      const notHeldOnly = [page.locator('#not_held_kind'), page.locator('#not_held_reason')];
      const visible = (ls: Locator[]) => Promise.all(ls.map((l) => l.isVisible()));
      expect(await visible(heldOnly)).toEqual([true, true, true, true]);
      expect(await visible(notHeldOnly)).toEqual([false, false]);
      await page.getByRole('radio', { name: 'Tidak dilaksanakan' }).check();
      expect(await visible(heldOnly)).toEqual([false, false, false, false]);
      expect(await visible(notHeldOnly)).toEqual([true, true]);
      await page.getByRole('radio', { name: 'Dilaksanakan', exact: true }).check();
      expect(await visible(heldOnly)).toEqual([true, true, true, true]);
      expect(await visible(notHeldOnly)).toEqual([false, false]);
    });

    await step(page, 'nojs-submit', async () => {
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.waitForURL(sessionUrl('RSUD'));
      await page.locator('.session-status .badge.state-terkirim').waitFor();
    });
    await ctx.close();

    const done = stored('RSUD');
    expect(done.session).toMatchObject({ state: 'submitted', held: 1 });
    expect(new Set(done.rows.map((r) => r.employee_id))).toEqual(new Set(rows.map((r) => r[0])));
    expect(exceptions(done.rows)).toEqual({ [first![0]]: 'S', [second![0]]: 'TK' });
  });

  // A submission that went through leaves nothing to offer back, details included.
  it('after a submission with a changed detail, offers nothing to restore', async () => {
    const lastMonday = '2026-11-16'; // no session yet: the operator may still submit, late
    const url = `${server.url}/opd/RSUD/sessions/${lastMonday}`;
    const ctx = await phone(browser);
    const page = await ctx.newPage();
    await step(page, 'bug-submit-with-detail', async () => {
      await signIn(page, server.url, 'opd-rsud');
      await page.goto(url);
      await page.locator('form#session-form[data-rc-state="ready"]').waitFor();
      await page.getByLabel('Pembina apel').fill('Direktur RSUD');
      await page.getByLabel('Pembina apel').blur();
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.waitForURL(url);
      await page.locator('form#session-form[data-rc-state="ready"]').waitFor();
      expect(await page.locator('#pembina').inputValue()).toBe('Direktur RSUD');
      expect(await page.locator('#rc-restore').isHidden()).toBe(true);
    });
    await ctx.close();
  });
});
