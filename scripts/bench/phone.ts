import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launch, phone, signIn } from '../../test/support/chromium';
import { DATA_DIR } from './dataset';
import { filterQueries, type UnitSize } from './picks';
import { percentile, result, type Result } from './results';

export interface PhoneOptions {
  base: string;
  password: string;
  pledgeDate: string;
  /**
   * The largest unit (about 3,000 people in the province) and the one nearest 20 people for
   * comparison (the province's smallest has 224: its generator makes no smaller unit).
   */
  largest: UnitSize;
  small: UnitSize;
  log: (s: string) => void;
}

/** A mid-range phone runs JavaScript about four times slower than this machine's cores. */
const CPU_SLOWDOWN = 4;
const LOADS = 5;
const SAVES = 5;
const ROWS_MARKED = 3;
/** How long any one step may take before the run fails instead of waiting for ever. */
const TIMEOUT_MS = 60_000;
const READY = 'form#session-form[data-rc-state="ready"]';

/**
 * Run inside every page (plain JavaScript: functions passed from here would carry the
 * transpiler's helpers). Both time with performance.now() in the page, so the bench's own
 * round trips to the browser are not counted.
 *
 * filter(q): from setting the search box and its `input` event until #rc-list says it shows
 * this query (data-rc-query) and the frame after that has been drawn: a message posted from
 * requestAnimationFrame runs after that frame's style, layout and paint.
 *
 * save(): from the click on the draft button until the form carries a new data-rc-saved (the
 * session's new version). The page must not navigate: if it does, the call fails.
 */
const IN_PAGE = `window.__ikrarBench = (function () {
  // Watches until test() holds; check() also tests at once, for a handler that ran synchronously.
  function waitFor(target, options, test, timeout, what) {
    var done = false;
    var settle;
    var promise = new Promise(function (resolve, reject) {
      settle = function (err) {
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        if (err) reject(err); else resolve();
      };
    });
    function check() {
      if (!done && test()) settle();
    }
    var observer = new MutationObserver(check);
    observer.observe(target, options);
    var timer = setTimeout(function () {
      if (!done) settle(new Error(what + ' did not happen within ' + timeout / 1000 + ' s'));
    }, timeout);
    return { promise: promise, check: check };
  }
  function afterNextFrame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        channel.port2.postMessage(0);
      });
    });
  }
  function filter(q, timeout) {
    var input = document.getElementById('rc-q');
    if (!input || !document.getElementById('rc-list')) return Promise.reject(new Error('no search box #rc-q or list #rc-list on the roll-call'));
    var want = q.trim();
    var shown = function () {
      var list = document.getElementById('rc-list');
      return !!list && (list.getAttribute('data-rc-query') || '') === want;
    };
    var t0 = performance.now();
    var wait = waitFor(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rc-query'] }, shown, timeout,
      '#rc-list[data-rc-query="' + want + '"]');
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    wait.check();
    return wait.promise.then(afterNextFrame).then(function () { return performance.now() - t0; });
  }
  function save(timeout) {
    var form = document.getElementById('session-form');
    var button = form && (form.querySelector('button[name="action"][value="draft"]') || form.querySelector('button[name="action"][value="save"]'));
    if (!button) return Promise.reject(new Error('no draft (or save) button on the roll-call'));
    var before = form.getAttribute('data-rc-saved');
    var saved = function () {
      var v = form.getAttribute('data-rc-saved');
      return v !== null && v !== before;
    };
    var t0 = performance.now();
    var wait = waitFor(form, { attributes: true, attributeFilter: ['data-rc-saved'] }, saved, timeout, 'form#session-form[data-rc-saved] with a new value');
    button.click();
    wait.check();
    return wait.promise.then(function () {
      return { ms: performance.now() - t0, button: button.value, version: form.getAttribute('data-rc-saved') };
    });
  }
  function busy() {
    var t0 = performance.now();
    var x = 0;
    for (var i = 0; i < 20000000; i++) x += i % 7;
    return x > 0 ? performance.now() - t0 : -1;
  }
  return { filter: filter, save: save, busy: busy };
})();`;

function stats(samples: number[]) {
  return { p50: percentile(samples, 50), max: Math.max(...samples) };
}

/** Fails with the step's name and a screenshot in bench/data/ rather than a bare timeout. */
async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const file = path.join(DATA_DIR, `phone-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    throw new Error(`phone ${name}: ${(err as Error).message.split('\n')[0]} (screenshot: ${path.relative(process.cwd(), file)})`, { cause: err });
  }
}

/** From the start of the navigation until the roll-call says it is ready to use. */
async function loadReady(page: Page, url: string): Promise<number> {
  const t0 = performance.now();
  const res = await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
  if (!res || res.status() !== 200) throw new Error(`GET ${url}: ${res?.status() ?? 'no response'}`);
  try {
    await page.waitForSelector(READY, { state: 'attached', timeout: TIMEOUT_MS });
  } catch (err) {
    const form = await page.$('form#session-form');
    throw new Error(form
      ? `${READY} did not appear within ${TIMEOUT_MS / 1000} s: the page's roll-call.js never marked the form ready (is the redesigned roll-call there?)`
      : `no form#session-form on ${url} (signed out? error page?)`, { cause: err });
  }
  return performance.now() - t0;
}

async function inPage<T>(page: Page, call: string): Promise<T> {
  try {
    return (await page.evaluate(call)) as T;
  } catch (err) {
    const message = (err as Error).message;
    // A form posted the classic way navigates away, which destroys the page the call ran in.
    if (/context was destroyed|navigation/i.test(message)) throw new Error('the page navigated instead of saving in place', { cause: err });
    throw err;
  }
}

async function measureUnit(page: Page, o: PhoneOptions, unit: UnitSize, label: string): Promise<{ rows: Result[]; readyP50: number }> {
  const url = `${o.base}/opd/${unit.code}/sessions/${o.pledgeDate}`;
  o.log(`phone: ${url} (${unit.people} people): ${LOADS + 1} loads…`);
  const first = await step(page, `${unit.code} first load`, () => loadReady(page, url));
  const loads: number[] = [];
  for (let i = 0; i < LOADS; i++) loads.push(await step(page, `${unit.code} load`, () => loadReady(page, url)));
  o.log(`phone: ready after ${[first, ...loads].map((ms) => Math.round(ms)).join(', ')} ms`);

  const rows = await step(page, `${unit.code} rc-data`, () =>
    inPage<unknown[][]>(page, `(function () {
      var el = document.getElementById('rc-data');
      if (!el) throw new Error('no <script id="rc-data"> on the roll-call');
      return JSON.parse(el.textContent).rows.map(function (r) { return [r[0], r[1], r[2]]; });
    })()`),
  );
  const queries = filterQueries(rows);
  o.log(`phone: filter ${queries.map((q) => JSON.stringify(q)).join(', ')}, twice…`);
  const filters: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const q of queries) {
      await step(page, `${unit.code} filter reset`, () => inPage(page, `__ikrarBench.filter('', ${TIMEOUT_MS})`));
      filters.push(await step(page, `${unit.code} filter`, () => inPage<number>(page, `__ikrarBench.filter(${JSON.stringify(q)}, ${TIMEOUT_MS})`)));
    }
  }
  await step(page, `${unit.code} filter reset`, () => inPage(page, `__ikrarBench.filter('', ${TIMEOUT_MS})`));
  o.log(`phone: filtered in ${filters.map((ms) => Math.round(ms)).join(', ')} ms`);

  o.log(`phone: ${SAVES} saves of ${ROWS_MARKED} changed rows…`);
  const saves: number[] = [];
  const listed = page.locator('#rc-list li[data-id]');
  for (let i = 0; i < SAVES; i++) {
    const n = await listed.count();
    if (!n) throw new Error(`phone ${unit.code}: no rows #rc-list li[data-id] to mark`);
    // The same rows each time, S and TK in turn: every save changes them.
    const value = i % 2 ? 'TK' : 'S';
    for (let k = 0; k < Math.min(ROWS_MARKED, n); k++) {
      const radio = listed.nth((k * 7) % n).locator(`input[type=radio][value="${value}"]`);
      await step(page, `${unit.code} mark ${value}`, async () => {
        // A radio drawn as a styled label may be hidden from a tap; a click event checks it all the same.
        await radio.check({ timeout: 5000 }).catch(() => radio.dispatchEvent('click'));
      });
    }
    const saved = await step(page, `${unit.code} save`, () => inPage<{ ms: number; button: string; version: string }>(page, `__ikrarBench.save(${TIMEOUT_MS})`));
    if (i === 0) o.log(`phone: saving with the ${saved.button} button`);
    saves.push(saved.ms);
  }

  o.log(`phone: saved in ${saves.map((ms) => Math.round(ms)).join(', ')} ms`);
  const ready = stats(loads);
  const filter = stats(filters);
  const save = stats(saves);
  return {
    readyP50: ready.p50,
    rows: [
      result(`phone roll-call ready, first load (${label})`, 'ms', first),
      result(`phone roll-call ready p50 (${label})`, 'ms', ready.p50),
      result(`phone roll-call ready max (${label})`, 'ms', ready.max),
      result(`phone roll-call filter p50 (${label})`, 'ms', filter.p50),
      result(`phone roll-call filter max (${label})`, 'ms', filter.max),
      result(`phone roll-call draft save p50 (${label})`, 'ms', save.p50),
      result(`phone roll-call draft save max (${label})`, 'ms', save.max),
    ],
  };
}

/** The same busy loop in the page, best of three: how much slower the throttled page runs. */
async function busyMs(page: Page): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await inPage<number>(page, '__ikrarBench.busy()'));
  return Math.min(...runs);
}

/**
 * The roll-call in Chromium as on a mid-range phone: a 390×844 touch screen at twice the pixel
 * density, the CPU slowed four times through the DevTools protocol, signed in as hr through the
 * login form. Page ready, filter and draft save for the largest unit and for one of about 20
 * people, and how much longer the large one takes to become ready. Chromium is always closed.
 */
export async function measurePhone(o: PhoneOptions): Promise<Result[]> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  let browser: Browser;
  try {
    browser = await launch();
  } catch (err) {
    throw new Error(`phone: Chromium would not start from ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  try {
    const context = await phone(browser);
    await context.addInitScript(IN_PAGE);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    await step(page, 'sign-in', () => signIn(page, o.base, 'hr', o.password));
    const plain = await busyMs(page);
    // Per page (target): it holds across this page's navigations, checked again at the end.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

    const large = await measureUnit(page, o, o.largest, 'largest unit');
    const small = await measureUnit(page, o, o.small, 'small unit');
    const slowdown = (await busyMs(page)) / plain;
    o.log(`phone: ${o.largest.code} has ${o.largest.people} people, ${o.small.code} ${o.small.people}; the page ran ${slowdown.toFixed(1)}× slower throttled`);
    return [
      ...large.rows,
      ...small.rows,
      result('phone roll-call ready p50, largest / small unit', '×', large.readyP50 / small.readyP50),
      result('phone largest unit head-count', 'people', o.largest.people),
      result('phone small unit head-count', 'people', o.small.people),
      result('phone CPU slowdown measured in the page', '×', slowdown),
    ];
  } finally {
    await browser.close();
  }
}
