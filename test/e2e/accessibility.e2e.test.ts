import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, tempDbFile, type RunningServer } from '../support/server';
import { launch, signIn } from './browser';

/*
 * axe-core on the main pages, each as the role that uses it, on the demo province: no serious or
 * critical violation (WCAG 2.1 A/AA rules). axe runs inside the page, injected from node_modules,
 * so no network is needed.
 */
const NOW = '2026-11-24T06:00:00.000Z';
const LAST_MONDAY = '2026-11-16';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // The function runs in the page, where `axe` is a global; it is passed as text because the
  // test compiles without the DOM types.
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r) => r.violations)`,
  )) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility of the main pages (axe-core)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: tempDbFile('axe'), DEMO: '1', IKRAR_NOW: NOW }, 120_000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens each path as `username` and returns the problems found, keyed by path. */
  async function audit(username: string | null, paths: (string | ((page: Page) => Promise<string>))[]): Promise<Record<string, string[]>> {
    // The app's CSP allows no inline script; axe is the test's own script, injected past it.
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    if (username) await signIn(page, server.url, username);
    const found: Record<string, string[]> = {};
    for (const p of paths) {
      const path = typeof p === 'string' ? p : await p(page);
      const res = await page.goto(`${server.url}${path}`);
      expect([path, res?.status()]).toEqual([path, 200]);
      found[path] = await seriousViolations(page);
    }
    await ctx.close();
    return found;
  }

  const none = (found: Record<string, string[]>) => Object.fromEntries(Object.keys(found).map((k) => [k, []]));

  it('sign-in page', async () => {
    const found = await audit(null, ['/login']);
    expect(found).toEqual(none(found));
  });

  it('sekda: dashboard by week and month, a unit, its read-only session, flags, monthly report, audit', async () => {
    const found = await audit('sekda', [
      '/dashboard?period=week',
      '/dashboard?period=month',
      '/opd/DISKOMINFO',
      `/opd/DISKOMINFO/sessions/${LAST_MONDAY}`,
      '/flags',
      '/reports/monthly',
      '/audit',
    ]);
    expect(found).toEqual(none(found));
  });

  it('hr: employees list and an employee page, settings', async () => {
    const firstEmployee = async (page: Page) => {
      await page.goto(`${server.url}/employees`);
      return (await page.locator('main table tbody a[href^="/employees/"]').first().getAttribute('href'))!;
    };
    const found = await audit('hr', ['/employees', firstEmployee, '/settings']);
    expect(found).toEqual(none(found));
  });

  it('opd operator: unit home and the session form', async () => {
    const found = await audit('opd-diskominfo', ['/opd/DISKOMINFO', `/opd/DISKOMINFO/sessions/2026-11-23`, `/opd/DISKOMINFO/sessions/${LAST_MONDAY}`]);
    expect(found).toEqual(none(found));
  });

  it('admin: settings', async () => {
    const found = await audit('admin', ['/settings', '/audit']);
    expect(found).toEqual(none(found));
  });
});
