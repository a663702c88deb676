import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../test/support/server';
import { DATA_DIR } from './dataset';

/**
 * What a part of the bench measures: one server, or several instances behind nginx
 * (scripts/bench/cluster.ts).
 */
export interface BenchTarget {
  /** Where the bench's requests go: the server, or nginx's https address. */
  url: string;
  /** The processes that run the app: the server CPU of a request is the sum of theirs. */
  appPids: number[];
  /** nginx's processes when it is in front (their CPU is reported on its own), else none. */
  proxyPids(): number[];
  /** The certificate to trust when `url` is https (nginx's, self-signed). */
  ca?: Buffer;
  /** The SESSION_SECRET of every instance: the check-in burst signs session cookies and QR tokens with it. */
  secret: string;
  output(): string;
  stop(): Promise<unknown>;
}

export type BenchServer = RunningServer &
  BenchTarget & {
    /** The process that runs the app (node with tsx as a loader: the spawned process itself). */
    appPid: number;
  };

/**
 * The environment of the bench's servers: as production runs the app (NODE_ENV=production: view
 * cache on, no demo seeding, no stack traces), with the scheduler off so no job competes with the
 * measurements, behind a proxy as in docs/DEPLOY.md.
 */
export function benchEnvironment(databaseUrl: string, secret: string, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SESSION_SECRET: secret,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DEMO: '0',
    SCHEDULER: '0',
    LOG_LEVEL: 'warn',
    // As behind the reverse proxy of docs/DEPLOY.md: the client's address comes from X-Forwarded-For.
    TRUST_PROXY: '1',
  };
}

/**
 * The real server with benchEnvironment. `env` adds to it or overrides it: the check-in burst
 * sets the server's clock to a Monday morning with IKRAR_NOW, which only a server outside
 * production obeys (NODE_ENV=test, which differs from production only in the stack traces of
 * error pages), and the bare check-in ceiling is started as `script`.
 */
export async function startBenchServer(databaseUrl: string, env: Record<string, string> = {}, script?: string): Promise<BenchServer> {
  const dataDir = path.join(DATA_DIR, 'run-files');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const secret = crypto.randomBytes(24).toString('hex');
  const server = await startServer({ ...benchEnvironment(databaseUrl, secret, dataDir), ...env }, 180_000, undefined, script);
  const appPid = server.child.pid!;
  return { ...server, appPid, appPids: [appPid], proxyPids: () => [], secret };
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM). */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Peak memory of the server during `fn`. Writing 5 to /proc/<pid>/clear_refs resets the
 * kernel's high-water mark (VmHWM) to the current RSS, so VmHWM afterwards is the peak of this
 * download alone; VmRSS is also sampled every 20 ms, which covers kernels that refuse the reset.
 */
export async function peakMemory<T>(pid: number, fn: () => Promise<T>): Promise<{ value: T; peakMb: number; beforeMb: number; method: string }> {
  let reset = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  const beforeMb = statusMb(pid, 'VmRSS');
  let sampled = beforeMb;
  const timer = setInterval(() => (sampled = Math.max(sampled, statusMb(pid, 'VmRSS'))), 20);
  try {
    const value = await fn();
    const hwm = reset ? statusMb(pid, 'VmHWM') : NaN;
    return { value, peakMb: reset ? Math.max(hwm, sampled) : sampled, beforeMb, method: reset ? 'VmHWM after clear_refs' : 'VmRSS sampled every 20 ms' };
  } finally {
    clearInterval(timer);
  }
}
