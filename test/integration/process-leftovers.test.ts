import { spawn } from 'node:child_process';
import path from 'node:path';
import { closeProcessRegistry, findLeftovers, openProcessRegistry, PIDS_ENV, recordProcess, signalGroup } from '../support/processes';

/*
 * The global teardown's check, on a stand-in: a detached node process that listens, the way a
 * forgotten server would. It is found (recorded, with its port) while it runs, and not after
 * its process group is killed.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('the check for processes the tests left running', () => {
  const saved = process.env[PIDS_ENV];
  beforeAll(() => openProcessRegistry());
  afterAll(() => {
    closeProcessRegistry();
    process.env[PIDS_ENV] = saved;
  });

  it('names a recorded process that still listens, and nothing once its group is killed', async () => {
    const script = "require('net').createServer().listen(0, '127.0.0.1', () => console.log('up'))";
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = child.pid!;
    try {
      await new Promise((resolve) => child.stdout!.once('data', resolve));
      recordProcess(pid, 'process-leftovers.test.ts');
      const found = findLeftovers(process.pid, ROOT).filter((p) => p.pid === pid);
      expect(found).toEqual([expect.objectContaining({ pid, pgrp: pid, startedBy: 'process-leftovers.test.ts', ownGroup: true })]);
      expect(found[0].listening).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    expect(findLeftovers(process.pid, ROOT).filter((p) => p.pid === pid)).toEqual([]);
  });
});
