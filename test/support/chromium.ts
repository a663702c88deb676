import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, shared by the browser tests (test/e2e) and the bench's phone measurement
 * (scripts/bench/phone.ts): a test tool's own browser download cannot work on a closed network.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `extraArgs`: more Chromium switches, e.g. a fake camera fed from a video file (test/e2e/scan.e2e.test.ts). */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A phone-sized context (an operator's Android phone). */
export function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, acceptDownloads: true });
}

/** Through the login form, as a person signs in; resolves once the app has left /login. */
export async function signIn(page: Page, baseUrl: string, username: string, password = 'ikrar-demo'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/Nama pengguna|Username/).fill(username);
  await page.getByLabel(/Kata sandi|Password/).fill(password);
  await page.getByRole('button', { name: /Masuk|Sign in/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
