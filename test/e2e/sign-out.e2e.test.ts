import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { connect } from '../../src/db/connect';
import { migrateToLatest } from '../../src/db/migrate';
import { TEST_PASSWORD } from '../support/app';
import { makeEmployee, makeOpd, makeUser } from '../support/factories';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { desktop, launch, signIn, step } from './browser';

/*
 * Back after sign-out: the browser used to show the employee page from its cache. With
 * Cache-Control: no-store it asks the server again, which sends it to the sign-in page.
 */
describe('Back after sign-out', () => {
  let server: RunningServer;
  let browser: Browser;
  let dbFile: string;
  let employee: { nip: string; name: string };
  let username: string;

  beforeAll(async () => {
    dbFile = tempDbFile('signout');
    const db = connect(dbFile);
    try {
      await migrateToLatest(db);
      const opd = await makeOpd(db);
      const row = await makeEmployee(db, { opdId: opd.id, name: 'Ratna Kusumawardani Rahasia' });
      employee = { nip: row.nip, name: row.name };
      username = (await makeUser(db, { role: 'hr' })).username;
    } finally {
      await db.destroy();
    }
    server = await startServer({ DATABASE_URL: dbFile, DEMO: '0' });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dbFile) fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
  });

  it('shows the sign-in page, not the employee, when Back is pressed after signing out', async () => {
    const ctx = await desktop(browser);
    const page = await ctx.newPage();
    await step(page, 'signout-sign-in', () => signIn(page, server.url, username, TEST_PASSWORD));
    await step(page, 'signout-open-employee', async () => {
      await page.goto(`${server.url}/employees/${employee.nip}`);
      await page.getByRole('heading', { name: employee.name }).waitFor();
    });
    await step(page, 'signout-sign-out', async () => {
      await page.getByRole('button', { name: /Keluar|Sign out/ }).click();
      await page.waitForURL((u) => u.pathname === '/login');
    });
    await step(page, 'signout-back', async () => {
      await page.goBack();
      await page.waitForLoadState('load');
    });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.content()).not.toContain(employee.name);
    // The sign-in page keeps the address to return to (next=/employees/<nip>), which the
    // history holds anyway; nothing of the record is on the screen.
    expect(await page.locator('body').innerText()).not.toContain(employee.nip);
    expect(await page.getByLabel(/Nama pengguna|Username/).isVisible()).toBe(true);
    await ctx.close();
  });
});
