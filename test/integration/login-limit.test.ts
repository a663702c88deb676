import argon2 from 'argon2';
import request from 'supertest';
import { csrfOf, signIn, TEST_PASSWORD, useTestApp } from '../support/app';
import { makeUser } from '../support/factories';

/*
 * The limit is reserved before the password hash is checked: a burst of parallel sign-ins used
 * to pass the check all at once (it counted only after argon2 answered), so 40 parallel
 * attempts with the right one last signed in, and 91 of 100 were checked.
 */
describe('password guessing limits', () => {
  const ctx = useTestApp();
  let verify: jest.SpyInstance;

  beforeEach(() => {
    verify = jest.spyOn(argon2, 'verify');
  });
  afterEach(() => verify.mockRestore());

  async function loginAgent() {
    const agent = request.agent(ctx.app);
    const token = csrfOf((await agent.get('/login')).text);
    const post = (username: string, password: string) => agent.post('/login').type('form').send({ username, password, _csrf: token });
    return { agent, post };
  }

  it('checks at most 8 of 40 parallel attempts on one username, and refuses the right password after them', async () => {
    const user = await makeUser(ctx.db, { role: 'admin' });
    const { post } = await loginAgent();
    const burst = [...Array.from({ length: 39 }, (_, i) => `salah-tebakan-${i}`), TEST_PASSWORD];
    const statuses = (await Promise.all(burst.map((p) => post(user.username, p)))).map((r) => r.status);
    const checked = statuses.filter((s) => s !== 429).length;
    expect(checked).toBeLessThanOrEqual(8);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(32);
    const after = await post(user.username, TEST_PASSWORD);
    expect(after.status).toBe(429);
    expect(after.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/ikrar\.sid/)]));
  });

  it('checks at most 8 of 100 parallel attempts on one username', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const { post } = await loginAgent();
    const res = await Promise.all(Array.from({ length: 100 }, (_, i) => post(user.username, `salah-tebakan-${i}`)));
    expect(res.filter((r) => r.status === 401).length).toBeLessThanOrEqual(8);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(8);
  });

  it('checks at most 30 of 100 parallel attempts from one address on different usernames', async () => {
    const { post } = await loginAgent();
    const res = await Promise.all(Array.from({ length: 100 }, (_, i) => post(`tebak-${i}`, 'salah-tebakan-x')));
    expect(res.filter((r) => r.status === 401).length).toBeLessThanOrEqual(30);
    expect(res.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(70);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(30);
  });
});

describe('unlocking a username', () => {
  const ctx = useTestApp();

  it('lets a locked-out user sign in at once with the password an admin reset', async () => {
    const user = await makeUser(ctx.db, { role: 'opd' });
    const admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    const agent = request.agent(ctx.app);
    const token = csrfOf((await agent.get('/login')).text);
    const post = (password: string) => agent.post('/login').type('form').send({ username: user.username, password, _csrf: token });
    for (let i = 0; i < 8; i++) await post(`salah-tebakan-${i}`);
    expect((await post(TEST_PASSWORD)).status).toBe(429);
    const reset = await admin.post(`/admin/users/${user.id}/reset-password`).type('form').send({ _csrf: admin.csrf });
    const temporary = /id="temporary-password">([^<]+)</.exec(reset.text)![1];
    expect((await post(temporary)).status).toBe(302);
  });
});

describe('the current password on the account page', () => {
  const ctx = useTestApp();

  const change = (agent: Awaited<ReturnType<typeof signIn>>, current: string) =>
    agent.post('/account/password').type('form').send({ _csrf: agent.csrf, current, password: 'Kopi-Tubruk-Pagi-2026', confirm: 'Kopi-Tubruk-Pagi-2026' });

  it('is limited like a sign-in: after 8 wrong guesses the right one is refused with 429 and nothing changes', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => change(agent, `tebakan-salah-${i}`)));
    expect(guesses.filter((r) => r.status === 422)).toHaveLength(8);
    const right = await change(agent, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
    expect(right.text).toContain('Terlalu banyak percobaan kata sandi yang salah');
    const row = await ctx.db.selectFrom('users').select('password_changed_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_changed_at).toBeNull();
  });

  it('shares the budget with sign-in: guesses on the account page lock the username out of sign-in too', async () => {
    const user = await makeUser(ctx.db, { role: 'sekda' });
    const agent = await signIn(ctx.app, user.username);
    for (let i = 0; i < 8; i++) expect((await change(agent, `tebakan-salah-${i}`)).status).toBe(422);
    const other = request.agent(ctx.app);
    const token = csrfOf((await other.get('/login')).text);
    const res = await other.post('/login').type('form').send({ username: user.username, password: TEST_PASSWORD, _csrf: token });
    expect(res.status).toBe(429);
  });
});
