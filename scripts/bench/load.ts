import fs from 'node:fs';
import { percentile } from './results';

/** The part of autocannon's programmatic API the bench uses (the package ships no types). */
interface Instance extends Promise<{ requests: { average: number; total: number }; duration: number; non2xx: number; errors: number; timeouts: number }> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon: (opts: Record<string, unknown>) => Instance = require('autocannon');

export interface LoadResult {
  /** Milliseconds of server CPU (user + system, summed over the app's processes) per request, when they are known. */
  cpuMs: number;
  /** The same for nginx's processes, when nginx is in front; else NaN. */
  proxyCpuMs: number;
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
  /** The processes that run the app (one server, or each instance behind nginx), to read their CPU time from /proc. */
  pids?: number[];
  /** nginx's processes, when it is in front. */
  proxyPids?: number[];
}

/** CPU time of a process in ms from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of processes in ms, summed (the instances behind nginx serve one load together). */
export function cpuTimeMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

/**
 * Starts counting the CPU time of `pids`; the function returned gives the ms per request of
 * what was used since. NaN when there are no processes to count.
 */
export function cpuMeter(pids: readonly number[] | undefined): (requests: number) => number {
  if (!pids?.length) return () => NaN;
  const start = cpuTimeMs(pids);
  return (requests) => (cpuTimeMs(pids) - start) / Math.max(1, requests);
}

/**
 * Keeps `connections` requests in flight for `seconds` and records every response's latency
 * (autocannon's own histogram reports p97.5, not p95). A short warm-up run fills the view and
 * statement caches first, as a server that has been up for a while would have them: 2 s for
 * each of the app's processes, as nginx shares the requests out among the instances.
 */
export async function load(base: string, opts: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip', accept: 'text/html' };
  if (opts.cookie) headers.cookie = opts.cookie;
  const requests = opts.paths.map((path) => ({ method: 'GET', path }));
  // An https base is nginx's (autocannon accepts its self-signed certificate: it checks none).
  const run = (seconds: number) => autocannon({ url: base, connections: opts.connections, duration: seconds, headers, requests });
  await run(Math.min(2, opts.seconds) * Math.max(1, opts.pids?.length ?? 1));
  const latencies: number[] = [];
  let failures = 0;
  const appCpu = cpuMeter(opts.pids);
  const proxyCpu = cpuMeter(opts.proxyPids);
  const instance = run(opts.seconds);
  instance.on('response', (_c, status, _b, ms) => {
    latencies.push(ms);
    if (status !== 200) failures++;
  });
  const r = await instance;
  const cpuMs = appCpu(latencies.length);
  const proxyCpuMs = proxyCpu(latencies.length);
  failures += r.errors + r.timeouts;
  return { cpuMs, proxyCpuMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: r.requests.total / r.duration, requests: r.requests.total, failures };
}

/** Runs `fn` `n` times in a row and returns each run's milliseconds (for the forms). */
export async function sequential(n: number, fn: (i: number) => Promise<number>): Promise<{ p50: number; p95: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn(i));
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples };
}
