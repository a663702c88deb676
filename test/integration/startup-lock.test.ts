import { spawn } from 'node:child_process';
import path from 'node:path';
import { withStartupLock, sqliteLockFile } from '../../src/db/startup-lock';
import { useTestApp } from '../support/app';
import { secondConnection, TEST_DIALECT } from '../support/db';
import { recordProcess } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/*
 * The start-up lock (src/db/startup-lock.ts): an instance waits while another holds it, and a
 * holder that crashes lets go at once, with nothing stale left to clean up.
 */
describe('the start-up lock', () => {
  const ctx = useTestApp();

  (TEST_DIALECT === 'sqlite' ? it : it.skip)('waits for another process holding it, which lets go when it is killed', async () => {
    // Another instance takes the lock, then dies by SIGKILL a second later, as in a crash.
    const script = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('begin immediate'); console.log('held'); setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1000);`;
    const holder = spawn(process.execPath, ['-e', script, sqliteLockFile(ctx.testDb.url)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    recordProcess(holder.pid!, 'startup-lock.test.ts');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => holder.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const started = Date.now();
      const waited = await withStartupLock(ctx.db, async () => Date.now() - started);
      expect(waited).toBeGreaterThanOrEqual(500);
      expect(waited).toBeLessThan(30_000);
      expect(await exited).toBe('SIGKILL');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('runs one holder at a time across connections', async () => {
    const other = secondConnection(ctx.testDb);
    try {
      const events: string[] = [];
      const holder = (name: string, db: typeof other) =>
        withStartupLock(db, async () => {
          events.push(`${name} in`);
          await sleep(300);
          events.push(`${name} out`);
        });
      await Promise.all([holder('a', ctx.db), holder('b', other)]);
      expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    } finally {
      await other.destroy();
    }
  });
});
