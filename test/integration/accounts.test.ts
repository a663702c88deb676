import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { csrfOf, signIn, TEST_PASSWORD, useTestApp } from '../support/app';
import { makeUser } from '../support/factories';

/** Rewrites a stored sign-in as if it were older, to test the timeouts without waiting. */
async function age(ctx: ReturnType<typeof useTestApp>, userId: number, fields: { lastSeenAt?: number; signedInAt?: number }) {
  const rows = await ctx.db.selectFrom('login_sessions').select(['sid', 'data']).where('user_id', '=', userId).execute();
  for (const row of rows) {
    const data = { ...JSON.parse(row.data), ...fields };
    await ctx.db.updateTable('login_sessions').set({ data: JSON.stringify(data) }).where('sid', '=', row.sid).execute();
  }
}

describe('sessions and accounts', () => {
  const ctx = useTestApp();
  const hour = 3600_000;

  it('signs out after four idle hours', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    await age(ctx, user.id, { lastSeenAt: Date.now() - 3 * hour });
    expect((await agent.get('/account')).status).toBe(200);
    await age(ctx, user.id, { lastSeenAt: Date.now() - 4 * hour - 60_000 });
    const res = await agent.get('/account');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('signs out twelve hours after sign-in however active the user is', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    await age(ctx, user.id, { signedInAt: Date.now() - 12 * hour - 60_000, lastSeenAt: Date.now() });
    expect((await agent.get('/account')).status).toBe(302);
  });

  it('ends the other sign-ins of a user who changes the password, and keeps this one', async () => {
    const user = await makeUser(ctx.db, { role: 'sekda' });
    const here = await signIn(ctx.app, user.username);
    const elsewhere = await signIn(ctx.app, user.username);
    const res = await here.post('/account/password').type('form').send({
      _csrf: here.csrf,
      current: TEST_PASSWORD,
      password: 'Kopi-Tubruk-Pagi-2026',
      confirm: 'Kopi-Tubruk-Pagi-2026',
    });
    expect(res.status).toBe(302);
    expect((await here.get('/account')).status).toBe(200);
    expect((await elsewhere.get('/account')).status).toBe(302);
    await request(ctx.app).get('/login');
    const again = await signIn(ctx.app, user.username, 'Kopi-Tubruk-Pagi-2026');
    expect((await again.get('/account')).status).toBe(200);
  });

  it.each([
    ['pendek1', 'Kata sandi minimal 10 karakter.'],
    ['password123', 'Kata sandi ini terlalu umum'],
    ['indonesia2024', 'Kata sandi ini terlalu umum'],
    ['aaaaaaaaaaaa', 'Kata sandi ini terlalu umum'],
  ])('refuses the new password %p', async (password, message) => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    const res = await agent.post('/account/password').type('form').send({ _csrf: agent.csrf, current: TEST_PASSWORD, password, confirm: password });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    const row = await ctx.db.selectFrom('users').select('password_changed_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_changed_at).toBeNull();
  });

  it('refuses a wrong current password without changing anything', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    const res = await agent.post('/account/password').type('form').send({ _csrf: agent.csrf, current: 'bukan-sandi-ini', password: 'Kopi-Tubruk-Pagi-2026', confirm: 'Kopi-Tubruk-Pagi-2026' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kata sandi saat ini salah.');
  });
});

describe('request logs', () => {
  const ctx = useTestApp();

  it('write one line per request with id, user and timing, and never a password, token or session id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = createApp({ db: ctx.db, config: ctx.config, logger: pino({ level: 'info' }, sink) });
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const login = await agent.post('/login').type('form').send({ username: user.username, password: TEST_PASSWORD, _csrf: csrfOf(page.text) });
    const sid = /ikrar\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
    const accountPage = await agent.get('/account');
    await request(app).get('/api/v1/opds').set('Authorization', 'Bearer ikr_secret_token_value_1234567890');
    await request(app).get('/static/app.css');
    await agent.get('/tidak-ada?kode=rahasia');

    const entries = lines.map((l) => JSON.parse(l));
    const account = entries.find((e) => e.req?.path === '/account');
    expect(account).toMatchObject({ req: { method: 'GET' }, res: { status: 200 }, userId: user.id });
    expect(account.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof account.responseTime).toBe('number');
    expect(accountPage.headers['x-request-id']).toBe(account.req.id);
    // Static files are not logged; a 404 is a warning, logged without its query string.
    expect(entries.some((e) => String(e.req?.path).startsWith('/static/'))).toBe(false);
    expect(entries.find((e) => e.req?.path === '/tidak-ada')).toMatchObject({ level: 40, res: { status: 404 }, userId: user.id });
    expect(lines.join('\n')).not.toContain('kode=rahasia');
    const all = lines.join('\n');
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain('ikr_secret_token_value');
    expect(all).not.toContain(decodeURIComponent(sid).slice(2, 20));
  });
});
