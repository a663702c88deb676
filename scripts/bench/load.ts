import fs from 'node:fs';
import { percentile } from './results';

/** The part of autocannon's programmatic API the bench uses (the package ships no types). */
interface Instance extends Promise<{ requests: { average: number; total: number }; duration: number; non2xx: number; errors: number; timeouts: number }> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon: (opts: Record<string, unknown>) => Instance = require('autocannon');

export interface LoadResult {
  /** Milliseconds of server CPU (user + system) per request, when the server's pid is known. */
  cpuMs: number;
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  /** Responses that were not 200: a run with any is not a measurement of the page. */
  failures: number;
}

export interface LoadOptions {
  cookie?: string;
  /** Paths taken in turn by each connection (e.g. several search terms). */
  paths: string[];
  connections: number;
  seconds: number;
  /** The server process, to read its CPU time from /proc. */
  pid?: number;
}

/** CPU time of a process in ms from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Keeps `connections` requests in flight for `seconds` and records every response's latency
 * (autocannon's own histogram reports p97.5, not p95). A short warm-up run fills the view and
 * statement caches first, as a server that has been up for a while would have them.
 */
export async function load(base: string, opts: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip', accept: 'text/html' };
  if (opts.cookie) headers.cookie = opts.cookie;
  const requests = opts.paths.map((path) => ({ method: 'GET', path }));
  const run = (seconds: number) => autocannon({ url: base, connections: opts.connections, duration: seconds, headers, requests });
  await run(Math.min(2, opts.seconds));
  const latencies: number[] = [];
  let failures = 0;
  const cpu0 = opts.pid ? cpuTimeMs(opts.pid) : NaN;
  const instance = run(opts.seconds);
  instance.on('response', (_c, status, _b, ms) => {
    latencies.push(ms);
    if (status !== 200) failures++;
  });
  const r = await instance;
  const cpuMs = opts.pid ? (cpuTimeMs(opts.pid) - cpu0) / Math.max(1, latencies.length) : NaN;
  failures += r.errors + r.timeouts;
  return { cpuMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: r.requests.total / r.duration, requests: r.requests.total, failures };
}

/** Runs `fn` `n` times in a row and returns each run's milliseconds (for the forms). */
export async function sequential(n: number, fn: (i: number) => Promise<number>): Promise<{ p50: number; p95: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn(i));
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples };
}
