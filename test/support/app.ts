import type { Express } from 'express';
import type { Kysely } from 'kysely';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Database } from '../../src/db/database';
import { createTestDb, type TestDb } from './db';

export interface TestContext {
  app: Express;
  db: Kysely<Database>;
  config: Config;
  testDb: TestDb;
}

export function testConfig(url: string, env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DEMO: '0', SCHEDULER: '0', LOG_LEVEL: 'silent', ...env });
}

/**
 * Registers beforeAll/afterAll hooks that give the test file its own app and database.
 * Usage: const ctx = useTestApp(); … ctx.app, ctx.db
 */
export function useTestApp(env: Record<string, string> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.testDb = await createTestDb();
    ctx.db = ctx.testDb.db;
    ctx.config = testConfig(ctx.testDb.url, env);
    ctx.app = createApp({ db: ctx.db, config: ctx.config, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await ctx.testDb?.destroy();
  });
  return ctx;
}

/** The CSRF token in a page's first form. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** A supertest agent signed in as `username`; `agent.csrf` is a valid token for its forms. */
export async function signIn(app: Express, username: string, password = TEST_PASSWORD): Promise<Agent & { csrf: string }> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrfOf(page.text) });
  if (res.status !== 302) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  const home = await agent.get('/account');
  return Object.assign(agent, { csrf: csrfOf(home.text) });
}

export const TEST_PASSWORD = 'uji-coba-rahasia-2026';
