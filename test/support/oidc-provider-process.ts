import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { recordProcess, signalGroup } from './processes';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningProvider {
  issuer: string;
  output: () => string;
  /** Stops the provider and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the test OpenID provider (test/support/oidc-provider.mjs) on 127.0.0.1:port, in a
 * process group of its own like the app servers (test/support/server.ts), recorded so that the
 * global teardown fails the run if a test leaves it running. Resolves once it listens.
 */
export async function startProvider(opts: { port: number; redirectUri: string; clientId: string; clientSecret: string }): Promise<RunningProvider> {
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['test/support/oidc-provider.mjs'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      OP_PORT: String(opts.port),
      OP_REDIRECT_URI: opts.redirectUri,
      OP_CLIENT_ID: opts.clientId,
      OP_CLIENT_SECRET: opts.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  recordProcess(pid, (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? 'oidc provider');
  const killGroup = () => void signalGroup(pid, 'SIGKILL');
  process.once('exit', killGroup);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`the OpenID provider did not start:\n${out}`));
    }, 30_000);
    child.stdout!.on('data', () => {
      const m = /listening (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OpenID provider exited with ${code}:\n${out}`));
    });
  });
  return {
    issuer,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGTERM');
      await exited;
      process.removeListener('exit', killGroup);
    },
  };
}
