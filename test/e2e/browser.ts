import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export { launch, phone, signIn } from '../support/chromium';

export const SCREENSHOTS = path.resolve(__dirname, '../../test-results/e2e');

export function desktop(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
}

/** Runs a step; when it fails, saves a screenshot named after it before rethrowing. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${name} failed (screenshot: ${file}): ${(err as Error).message}`, { cause: err });
  }
}
