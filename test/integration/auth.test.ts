import { Router } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { features } from '../../src/features';
import { APP_VERSION } from '../../src/lib/version';
import { migrations } from '../../migrations';
import { csrfOf, signIn, testConfig, TEST_PASSWORD, useTestApp } from '../support/app';
import { makeOpd, makeUser } from '../support/factories';

describe('sign-in and sessions', () => {
  const ctx = useTestApp();

  it('serves the login page in Indonesian with a CSRF field', async () => {
    const res = await request(ctx.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Nama pengguna');
    expect(csrfOf(res.text)).toMatch(/^[0-9a-f]{32,}$/);
  });

  it('switches to English with ?lang=en', async () => {
    const res = await request(ctx.app).get('/login?lang=en');
    expect(res.text).toContain('Username');
    expect(res.text).toContain('<html lang="en">');
  });

  it('sends anonymous visitors from / to /login', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });

  it('gives the same message for a wrong password and an unknown user', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = request.agent(ctx.app);
    const token = csrfOf((await agent.get('/login')).text);
    const wrong = await agent.post('/login').type('form').send({ username: user.username, password: 'salah-sekali-123', _csrf: token });
    const unknown = await agent.post('/login').type('form').send({ username: 'tidak-ada', password: 'salah-sekali-123', _csrf: token });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(unknown.text).toContain('Nama pengguna atau kata sandi salah.');
  });

  it.each([
    ['hr', '/dashboard'],
    ['sekda', '/dashboard'],
    ['admin', '/dashboard'],
  ] as const)('sends %s home to %s after sign-in', async (role, home) => {
    const user = await makeUser(ctx.db, { role });
    const agent = await signIn(ctx.app, user.username);
    const res = await agent.get('/');
    expect(res.headers.location).toBe(home);
  });

  it('sends an opd user to its own OPD', async () => {
    const opd = await makeOpd(ctx.db);
    const user = await makeUser(ctx.db, { role: 'opd', opdId: opd.id });
    const agent = await signIn(ctx.app, user.username);
    expect((await agent.get('/')).headers.location).toBe(`/opd/${opd.code}`);
  });

  it('rotates the session id at sign-in', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const before = String(page.headers['set-cookie']).match(/ikrar\.sid=([^;]+)/)?.[1];
    const res = await agent.post('/login').type('form').send({ username: user.username, password: TEST_PASSWORD, _csrf: csrfOf(page.text) });
    const after = String(res.headers['set-cookie']).match(/ikrar\.sid=([^;]+)/)?.[1];
    expect(before).toBeTruthy();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it('refuses a form without _csrf with the 403 page', async () => {
    const res = await request(ctx.app).post('/login').type('form').send({ username: 'x', password: 'y' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir kedaluwarsa');
  });

  it('keeps people signed in across a restart (sessions live in the database)', async () => {
    const user = await makeUser(ctx.db, { role: 'sekda' });
    const agent = await signIn(ctx.app, user.username);
    const cookie = String((await agent.get('/account')).request.cookies ?? '');
    const restarted = createApp({ db: ctx.db, config: ctx.config, logger: pino({ level: 'silent' }) });
    const res = await request(restarted).get('/account').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain(user.username);
  });

  it('signs a disabled user out at once', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    await ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
    const res = await agent.get('/account');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('ends every session of the user at sign-out', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const phone = await signIn(ctx.app, user.username);
    const laptop = await signIn(ctx.app, user.username);
    await phone.post('/logout').type('form').send({ _csrf: phone.csrf }).expect(302);
    expect((await laptop.get('/account')).status).toBe(302);
    const left = await ctx.db.selectFrom('login_sessions').select('sid').where('user_id', '=', user.id).execute();
    expect(left).toEqual([]);
  });

  it('answers 429 after repeated failures for one username', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = request.agent(ctx.app);
    const token = csrfOf((await agent.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await agent.post('/login').type('form').send({ username: user.username, password: `salah-${i}-xxxxx`, _csrf: token });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[9]).toBe(429);
    const blocked = await agent.post('/login').type('form').send({ username: user.username, password: TEST_PASSWORD, _csrf: token });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Terlalu banyak percobaan masuk');
  });
});

describe('pages, errors and headers', () => {
  const ctx = useTestApp();

  it('shows the 404 page for an unknown path', async () => {
    const res = await request(ctx.app).get('/tidak-ada');
    expect(res.status).toBe(404);
    expect(res.text).toContain('tidak ditemukan');
  });

  it('answers a 200 kB form field with 413, not 500', async () => {
    const agent = request.agent(ctx.app);
    const token = csrfOf((await agent.get('/login')).text);
    const res = await agent.post('/login').type('form').send({ username: 'x'.repeat(200_000), password: 'y', _csrf: token });
    expect([413, 422]).toContain(res.status);
  });

  it('sends a CSP without inline script and no framing', async () => {
    const res = await request(ctx.app).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('reports health publicly as status and dialect only; an admin also sees the migrations', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', dialect: ctx.config.dialect });
    const opd = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: (await makeOpd(ctx.db)).id })).username);
    expect((await opd.get('/healthz')).body).toEqual({ status: 'ok', dialect: ctx.config.dialect });
    const admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    const full = await admin.get('/healthz');
    expect(full.body).toMatchObject({ status: 'ok', version: APP_VERSION, database: { reachable: true, writable: true }, migrations: Object.keys(migrations) });
    expect(full.body.migrations[0]).toBe('2026-11-24-001-initial');
  });

  it('answers 503 on /healthz when the database is gone', async () => {
    const { createTestDb } = await import('../support/db');
    const t = await createTestDb();
    const app = createApp({ db: t.db, config: testConfig(t.url), logger: pino({ level: 'silent' }) });
    await t.destroy();
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', dialect: t.url.startsWith('postgres') ? 'postgres' : 'sqlite' });
  });

  it('shows a plain 500 page without a stack trace in production', async () => {
    const boom = { name: 'boom', routes: () => Router().get('/boom', () => { throw new Error('secret detail'); }) };
    const config = testConfig(ctx.testDb.url, { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    const app = createApp({ db: ctx.db, config, logger: pino({ level: 'silent' }), features: [...features, boom] });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Terjadi kesalahan pada server');
    expect(res.text).not.toContain('secret detail');
    expect(res.text).not.toContain('at ');
  });
});
