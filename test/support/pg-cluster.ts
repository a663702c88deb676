import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server';

/*
 * A PostgreSQL cluster of the test's own, in a temp folder on a free port, so a test can stop
 * and start a database without touching the shared one. As root the server binaries refuse to
 * run, so they run as the postgres user (runuser), with the folder owned by that user.
 */
export interface PgCluster {
  url: string;
  port: number;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const run = promisify(execFile);

function asPostgres(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/* Asynchronous, so the test's own requests keep running while the server starts or stops. */
async function runAsPostgres(bin: string, args: string[]): Promise<void> {
  await run(...asPostgres(bin, args), { cwd: '/tmp' });
}

export async function startCluster(): Promise<PgCluster> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-pgcluster-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  const port = await freePort();
  await runAsPostgres(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--encoding=UTF8']);
  const ctl = (args: string[]) => runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => ctl(['start', '-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', options]),
    stop: (mode) => ctl(['stop', '-w', '-t', '60', '-m', mode]),
    destroy() {
      try {
        execFileSync(...asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-w', '-m', 'immediate']), { stdio: 'ignore', cwd: '/tmp' });
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return cluster;
}
