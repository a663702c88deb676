import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { recordProcess, signalGroup } from './processes';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningServer {
  url: string;
  port: number;
  /** The server process itself (node with tsx as a loader: no wrapper in between). */
  child: ChildProcess;
  /** Everything the server printed, for assertions and failure reports. */
  output: () => string;
  /** Signals the server's process group at once (SIGKILL: a crash), without waiting. */
  kill(signal: NodeJS.Signals): void;
  /** Signals the process group and waits for the server to exit; its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/*
 * Servers of this test file that have not exited. A test that forgets one fails (below), and the
 * global teardown fails the run for any server left by a file that bypassed this; a worker
 * that ends or is interrupted kills what it started.
 */
const running = new Set<ChildProcess>();

function killAll(): ChildProcess[] {
  const left = [...running];
  for (const child of left) signalGroup(child.pid!, 'SIGKILL');
  return left;
}

const testGlobals = globalThis as { afterAll?: (fn: () => void) => void; expect?: { getState(): { testPath?: string } } };
testGlobals.afterAll?.(() => {
  const left = killAll();
  if (left.length) throw new Error(`A test left the server running (pid ${left.map((c) => c.pid).join(', ')}, killed now): await server.stop() in the test.`);
});
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Whether anything accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function tempDbFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ikrar-${name}-`));
  return path.join(dir, 'ikrar.db');
}

/**
 * How a service manager starts the server (test/cluster reads it from the systemd unit): this
 * command line, and only the environment given (no defaults, nothing inherited but PATH).
 */
export interface ServiceLaunch {
  argv: string[];
}

/**
 * Starts the real server (src/server.ts, node with tsx as a loader) and waits until /healthz
 * answers. It runs detached, leading a process group of its own: signals go to the group, so
 * nothing it starts can outlive it, and Ctrl-C in the terminal is passed on by killAll above.
 */
/** `script`: another server to start the same way (the bench's bare check-in ceiling). */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000, service?: ServiceLaunch, script = 'src/server.ts'): Promise<RunningServer> {
  // A test may choose the port (env.PORT) when something must know the address beforehand
  // (PUBLIC_URL, an OpenID provider's redirect URI).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = '';
  // PROFILE_DIR: a CPU profile of each server started this way, written when it stops (docs/BENCHMARKS.md).
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const [command, ...args] = service?.argv ?? [process.execPath, ...profile, '--import', 'tsx', script];
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    env: service
      ? { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, PORT: String(port) }
      : { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', SCHEDULER: '0', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  running.add(child);
  recordProcess(pid, testGlobals.expect?.getState().testPath ?? process.argv[1] ?? 'unknown');
  child.once('exit', () => {
    running.delete(child);
    signalGroup(pid, 'SIGKILL'); // anything the server started goes with it
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, () => out, timeoutMs);
  const kill = (signal: NodeJS.Signals) => void signalGroup(pid, signal);
  return {
    url,
    port,
    child,
    output: () => out,
    kill,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        kill(signal);
      });
    },
  };
}

async function waitHealthy(url: string, child: ChildProcess, out: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      signalGroup(child.pid!, 'SIGKILL');
      throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${out()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
