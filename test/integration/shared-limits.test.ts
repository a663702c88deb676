import argon2 from 'argon2';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { databaseCounters } from '../../src/db/rate-limit-store';
import { csrfOf, signIn, TEST_PASSWORD, useTestApp } from '../support/app';
import { bearer, limitedApiApp } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { secondConnection } from '../support/db';
import { makeUser } from '../support/factories';

/*
 * Two app instances on one database, each with its own connection, as two processes behind a
 * proxy would be: the limits are counted in the database, so guesses spread over both meet one
 * limit, at the count a single instance allows.
 */
describe('two instances share the sign-in limits', () => {
  const ctx = useTestApp();
  let other: Kysely<Database>;
  let apps: Express[];

  beforeAll(() => {
    other = secondConnection(ctx.testDb);
    apps = [ctx.app, createApp({ db: other, config: ctx.config, logger: pino({ level: 'silent' }) })];
  });
  afterAll(() => other.destroy());
  // Every test starts with the address's budget whole (the requests all come from 127.0.0.1).
  beforeEach(() => ctx.db.deleteFrom('rate_limits').execute());

  /** A sign-in form on each instance; post(i, …) posts on instance i % 2. */
  async function forms() {
    const agents = await Promise.all(
      apps.map(async (app) => {
        const agent = request.agent(app);
        return { agent, token: csrfOf((await agent.get('/login')).text) };
      }),
    );
    return (i: number, username: string, password: string) => {
      const { agent, token } = agents[i % 2];
      return agent.post('/login').type('form').send({ username, password, _csrf: token });
    };
  }

  it('refuses the right password after 8 wrong guesses alternating between the instances', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const post = await forms();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(i, user.username, `salah-tebakan-${i}`)).status);
    expect(statuses).toEqual(Array(8).fill(401));
    // Each instance saw only 4 guesses: counted apart, both would still check a password.
    expect((await post(0, user.username, TEST_PASSWORD)).status).toBe(429);
    expect((await post(1, user.username, TEST_PASSWORD)).status).toBe(429);
  });

  it('checks at most 8 of 40 parallel guesses spread over both instances', async () => {
    const verify = jest.spyOn(argon2, 'verify');
    try {
      const user = await makeUser(ctx.db, { role: 'opd' });
      const post = await forms();
      const res = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i, user.username, `salah-tebakan-${i}`)));
      expect(res.filter((r) => r.status === 401).length).toBeLessThanOrEqual(8);
      expect(res.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(32);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(8);
    } finally {
      verify.mockRestore();
    }
  });

  it('stops one address guessing many usernames after 30 guesses spread over both instances', async () => {
    const user = await makeUser(ctx.db, { role: 'sekda' });
    const post = await forms();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await post(i, `tebak-${i}`, 'salah-tebakan-x')).status);
    expect(statuses).toEqual([...Array(30).fill(401), 429]);
    // Over the limit on both: even the right password is refused.
    expect((await post(0, user.username, TEST_PASSWORD)).status).toBe(429);
    expect((await post(1, user.username, TEST_PASSWORD)).status).toBe(429);
  });

  it('lets a user locked out on one instance sign in on the other once an admin reset the password', async () => {
    const user = await makeUser(ctx.db, { role: 'opd' });
    const admin = await signIn(apps[0], (await makeUser(ctx.db, { role: 'admin' })).username);
    const agent = request.agent(apps[1]);
    const token = csrfOf((await agent.get('/login')).text);
    const post = (password: string) => agent.post('/login').type('form').send({ username: user.username, password, _csrf: token });
    for (let i = 0; i < 8; i++) expect((await post(`salah-tebakan-${i}`)).status).toBe(401);
    expect((await post(TEST_PASSWORD)).status).toBe(429);
    const reset = await admin.post(`/admin/users/${user.id}/reset-password`).type('form').send({ _csrf: admin.csrf });
    const temporary = /id="temporary-password">([^<]+)</.exec(reset.text)![1];
    expect((await post(temporary)).status).toBe(302);
  });

  it('after a right password on one instance, the other still allows only the rest of the address budget', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const post = await forms();
    for (let i = 0; i < 29; i++) expect((await post(i, `tebak-sisa-${i}`, 'salah-tebakan-x')).status).toBe(401);
    // The right password costs nothing: its point comes back, on the database both instances read.
    await signIn(apps[0], user.username);
    expect((await post(1, 'tebak-sisa-29', 'salah-tebakan-x')).status).toBe(401);
    expect((await post(0, 'tebak-sisa-30', 'salah-tebakan-x')).status).toBe(429);
    expect((await post(1, user.username, TEST_PASSWORD)).status).toBe(429);
  });
});

describe('two instances share the API limit', () => {
  const ctx = useTestApp();

  it('refuses the fourth request of a minute with a limit of 3, spread over both instances', async () => {
    const other = secondConnection(ctx.testDb);
    try {
      const limits = { requestsPerMinute: 3, failedAuthPerMinute: 100 };
      const a = limitedApiApp(ctx, limits, databaseCounters(ctx.db));
      const b = limitedApiApp({ ...ctx, db: other }, limits, databaseCounters(other));
      const token = await makeToken(ctx.db, { role: 'hr' });
      const statuses = [];
      for (const app of [a, b, a, b]) statuses.push((await request(app).get('/api/v1/opds').set(bearer(token))).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await other.destroy();
    }
  });
});
