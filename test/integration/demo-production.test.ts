import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DemoInProductionError, generateDemo } from '../../src/features/demo/seed';
import { createTestDb, type TestDb } from '../support/db';
import { tempDbFile } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');

/*
 * The demo's accounts (admin among them) have the published password ikrar-demo, and
 * `npm run seed:demo` used to create them in production too.
 */
describe('the demo generator in production', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('refuses to generate and writes no account when NODE_ENV=production', async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(generateDemo(t.db, 'Asia/Jakarta', { employees: 20, opds: 2, weeks: 1 })).rejects.toBeInstanceOf(DemoInProductionError);
    } finally {
      process.env.NODE_ENV = saved;
    }
    expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it.each([
    ['with a SESSION_SECRET', { SESSION_SECRET: 's'.repeat(40) }],
    ['without one (the refusal comes before the configuration)', {}],
  ])('npm run seed:demo exits non-zero with one clear line, %s', (_label, extra) => {
    const file = tempDbFile('seed-prod');
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NODE_ENV: 'production', LOG_LEVEL: 'silent' };
      if (!('SESSION_SECRET' in extra)) delete env.SESSION_SECRET;
      const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/seed-demo.ts', '--db', file, '--employees', '20', '--opds', '2', '--weeks', '1'], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('does not run with NODE_ENV=production')]);
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
