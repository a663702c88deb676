import { createTestDb, type TestDb } from '../support/db';
import { makeEmployee, makeOpd, makeUser } from '../support/factories';
import { MONDAY_MORNING } from '../support/clock';
import { CookieBrowser, formOf, type Page } from '../support/cookie-browser';
import { csrfIn } from '../support/http-client';
import { startProvider, type RunningProvider } from '../support/oidc-provider-process';
import { freePort, startServer, type RunningServer } from '../support/server';

/*
 * Single sign-on against a real OpenID provider (oidc-provider, in a process of its own, with
 * its development sign-in form) and the real app server: the browser is driven hop by hop over
 * plain HTTP, so each test can stop at, alter or replay any step. The provider is started only
 * after the first test, which checks that a provider that is down gives a clear page.
 */
const CLIENT = { clientId: 'ikrar-test', clientSecret: 'rahasia-klien-uji-0123456789' };

describe('single sign-on over OpenID Connect', () => {
  let t: TestDb;
  let server: RunningServer | undefined;
  let provider: RunningProvider | undefined;
  let appUrl: string;
  let opPort: number;
  const people = {} as Record<'active' | 'gone' | 'staffNamed', { id: number; nip: string; name: string }>;

  const isApp = (u: URL) => u.origin === appUrl;
  const userCount = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  /** Starts a sign-in at the app and signs in at the provider as `login`; stops at the redirect back to the app. */
  async function throughProvider(browser: CookieBrowser, login: string): Promise<string> {
    let page: Page = await browser.visit(`${appUrl}/login/sso`, { stopAt: isApp });
    for (let step = 0; step < 4 && !page.stoppedAt; step++) {
      const { action, fields } = formOf(page); // the provider's sign-in form, then its consent form
      if ('login' in fields) Object.assign(fields, { login, password: 'apa-saja' });
      page = await browser.visit(action, { form: fields, stopAt: isApp });
    }
    if (!page.stoppedAt?.startsWith(`${appUrl}/login/sso/callback?`)) throw new Error(`no callback: ${page.status} ${page.url}\n${page.text.slice(0, 400)}`);
    return page.stoppedAt;
  }

  beforeAll(async () => {
    t = await createTestDb();
    const opd = await makeOpd(t.db);
    people.active = await makeEmployee(t.db, { opdId: opd.id, name: 'Siti Rahmawati' });
    people.gone = await makeEmployee(t.db, { opdId: opd.id, name: 'Pensiunan Uji', activeTo: '2021-06-30' });
    people.staffNamed = await makeEmployee(t.db, { opdId: opd.id, name: 'Bernama Staf' });
    // A staff account that happens to carry this employee's NIP as its name: SSO must not touch it.
    await makeUser(t.db, { role: 'hr', username: people.staffNamed.nip.toLowerCase() });
    const port = await freePort();
    opPort = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    server = await startServer({
      DATABASE_URL: t.serverUrl,
      DEMO: '0',
      IKRAR_NOW: MONDAY_MORNING,
      PORT: String(port),
      PUBLIC_URL: appUrl,
      OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_LABEL: 'SSO Pemda',
    });
  }, 120_000);

  afterAll(async () => {
    await provider?.stop();
    await server?.stop();
    await t?.destroy();
  });

  it('says so clearly when the provider is down, and keeps serving', async () => {
    const browser = new CookieBrowser();
    const login = await browser.visit(`${appUrl}/login`);
    expect(login.text).toContain('Masuk dengan SSO Pemda');
    const page = await browser.visit(`${appUrl}/login/sso`, { stopAt: (u) => !isApp(u) });
    expect(page.status).toBe(503);
    expect(page.text).toContain('Layanan SSO Pemda tidak dapat dihubungi');
    expect((await fetch(`${appUrl}/healthz`)).status).toBe(200);
    expect((await browser.visit(`${appUrl}/login`)).status).toBe(200);
  });

  it('signs an employee in by the NIP claim, making their account once, and lands on /me', async () => {
    // A failed discovery is not kept: the provider, up now, is found on the next sign-in.
    provider = await startProvider({ port: opPort, redirectUri: `${appUrl}/login/sso/callback`, ...CLIENT });
    const before = await userCount();
    const browser = new CookieBrowser();
    const callback = await throughProvider(browser, `nip-${people.active.nip}`);
    const sidBefore = browser.cookie(appUrl, 'ikrar.sid');
    const landed = await browser.visit(callback);
    expect(landed.url).toBe(`${appUrl}/me`);
    expect(landed.status).toBe(200);
    expect(landed.text).toContain('Siti Rahmawati');
    // A new session id at sign-in, as the password sign-in does.
    expect(browser.cookie(appUrl, 'ikrar.sid')).not.toBe(sidBefore);

    const account = await t.db.selectFrom('users').selectAll().where('employee_id', '=', people.active.id).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ role: 'pegawai', username: people.active.nip.toLowerCase(), password_hash: '!none', active: 1, must_change_password: 0 });
    expect(await userCount()).toBe(before + 1);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', '=', 'user').where('entity_id', '=', String(account.id)).execute();
    expect(audit).toEqual([{ action: 'sso_create', entity: 'user' }]);

    // The account page offers a password without asking for a current one; setting it is optional.
    const accountPage = await browser.visit(`${appUrl}/account`);
    expect(accountPage.text).toContain('Buat kata sandi');
    expect(accountPage.text).not.toContain('name="current"');
    // A password sign-in to the passwordless account fails like any wrong password.
    const other = new CookieBrowser();
    const form = await other.visit(`${appUrl}/login`);
    const refused = await other.request(`${appUrl}/login`, { username: people.active.nip, password: 'apa-saja-apa-saja', _csrf: csrfIn(form.text) });
    expect(refused.status).toBe(401);

    // The second sign-on finds the same account.
    const again = new CookieBrowser();
    const second = await again.visit(await throughProvider(again, `nip-${people.active.nip}`));
    expect(second.url).toBe(`${appUrl}/me`);
    expect(await userCount()).toBe(before + 1);
  });

  it('lets an employee who signed on set a password, then sign in with NIP and password too', async () => {
    const browser = new CookieBrowser();
    await browser.visit(await throughProvider(browser, `nip-${people.active.nip}`));
    const page = await browser.visit(`${appUrl}/account`);
    const password = 'kata-sandi-pilihan-sendiri';
    const set = await browser.request(`${appUrl}/account/password`, { password, confirm: password, _csrf: csrfIn(page.text) });
    expect(set).toMatchObject({ status: 302, location: `${appUrl}/account` });
    const other = new CookieBrowser();
    const form = await other.visit(`${appUrl}/login`);
    const signedIn = await other.request(`${appUrl}/login`, { username: people.active.nip, password, _csrf: csrfIn(form.text) });
    expect(signedIn.status).toBe(302);
    expect((await other.visit(`${appUrl}/me`)).text).toContain('Siti Rahmawati');
  });

  it.each([
    ['an unknown NIP', () => 'nip-199912312025011999', 'tidak cocok dengan pegawai aktif'],
    ['an employee no longer in service', () => `nip-${people.gone.nip}`, 'tidak cocok dengan pegawai aktif'],
    ['an account without the NIP claim', () => 'tanpa-nip', 'tidak membawa NIP'],
    ['a NIP that names a staff account', () => `nip-${people.staffNamed.nip}`, 'sudah dipakai sebagai nama akun staf'],
  ])('refuses %s with a clear message and makes no account', async (_name, login, message) => {
    const before = await userCount();
    const browser = new CookieBrowser();
    const page = await browser.visit(await throughProvider(browser, login()));
    expect(page.status).toBe(403);
    expect(page.text).toContain(message);
    expect(await userCount()).toBe(before);
    expect((await browser.request(`${appUrl}/me`)).location).toMatch(/\/login/);
  });

  it('refuses an answer whose state was changed, a replayed answer and one from another browser', async () => {
    const browser = new CookieBrowser();
    const callback = await throughProvider(browser, `nip-${people.active.nip}`);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'bukan-state-yang-dikirim');
    const changed = await browser.visit(forged.href);
    expect(changed.status).toBe(400);
    expect(changed.text).toContain('Masuk lewat SSO Pemda gagal');
    // The attempt is used up by the refusal: the genuine answer, sent after it, is refused too.
    expect((await browser.visit(callback)).status).toBe(400);
    expect((await browser.request(`${appUrl}/me`)).location).toMatch(/\/login/);

    // A genuine answer, used once, then replayed in the same browser and in another one.
    const genuine = await throughProvider(browser, `nip-${people.active.nip}`);
    expect((await browser.visit(genuine)).url).toBe(`${appUrl}/me`);
    expect((await browser.visit(genuine)).status).toBe(400);
    const stranger = new CookieBrowser();
    const stolen = await stranger.visit(genuine);
    expect(stolen.status).toBe(400);
    expect((await stranger.request(`${appUrl}/me`)).location).toMatch(/\/login/);
  });

  it('says so clearly when the provider goes down during the sign-in, and keeps serving', async () => {
    const browser = new CookieBrowser();
    const callback = await throughProvider(browser, `nip-${people.active.nip}`);
    await provider!.stop();
    provider = undefined;
    const page = await browser.visit(callback);
    expect(page.status).toBe(503);
    expect(page.text).toContain('Layanan SSO Pemda tidak dapat dihubungi');
    expect((await browser.request(`${appUrl}/me`)).location).toMatch(/\/login/);
    expect((await fetch(`${appUrl}/healthz`)).status).toBe(200);
  });
});
