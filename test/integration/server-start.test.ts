import { spawn } from 'node:child_process';
import path from 'node:path';
import { APP_VERSION } from '../../src/lib/version';
import { freePort, portInUse, startServer, tempDbFile } from '../support/server';
import { recordProcess, signalGroup } from '../support/processes';

/*
 * Starts an orchestrator can trust: a second server on a taken port says so in one line and exits
 * non-zero; `npm start` hands SIGTERM to the server itself, which stops listening.
 */
const ROOT = path.resolve(__dirname, '../..');

function run(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  recordProcess(child.pid!, 'server-start.test.ts');
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

const waitFor = async (ok: () => Promise<boolean>, ms = 60_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await ok()) return;
  throw new Error('timed out');
};

describe('starting and stopping the server', () => {
  it('exits 1 with one clear line when its port is taken', async () => {
    const first = await startServer({ DATABASE_URL: tempDbFile('start-a'), DEMO: '0', SCHEDULER: '0' });
    try {
      // Development: a plain sentence saying where to open it, not a JSON event. (The pipe may
      // deliver it after /healthz answered.)
      await waitFor(async () => first.output().includes('is running'), 10_000);
      expect(first.output()).toContain(`Ikrar ${APP_VERSION} is running: open http://localhost:${first.port}\n`);
      expect(first.output()).not.toContain('{"level"');
      const second = run(process.execPath, ['--import', 'tsx', 'src/server.ts'], { PORT: String(first.port), DATABASE_URL: tempDbFile('start-b'), DEMO: '0', SCHEDULER: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Ikrar cannot start: port ${first.port} is already in use`);
      expect(second.output()).not.toContain('listening');
    } finally {
      await first.stop();
    }
  }, 120_000);

  it('logs one JSON line per event in production, the start included', async () => {
    const server = await startServer({
      DATABASE_URL: tempDbFile('start-prod'),
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'info',
      DEMO: '0',
      SCHEDULER: '0',
    });
    try {
      await waitFor(async () => server.output().includes('Ikrar listening'), 10_000);
      const lines = server.output().split('\n').filter(Boolean);
      const events = lines.map((l) => JSON.parse(l) as { msg: string; version?: string });
      expect(events.find((e) => e.msg.startsWith('Ikrar listening'))).toMatchObject({ msg: `Ikrar listening on http://localhost:${server.port}`, version: APP_VERSION });
      expect(server.output()).not.toContain('is running: open');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('stops serving when `npm start` gets SIGTERM', async () => {
    const port = await freePort();
    const npm = run('npm', ['start', '--silent'], { PORT: String(port), DATABASE_URL: tempDbFile('start-npm'), DEMO: '0', SCHEDULER: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
    try {
      await waitFor(() => portInUse(port));
      // Only npm's own process, as an orchestrator or a terminal's Ctrl-C would.
      process.kill(npm.child.pid!, 'SIGTERM');
      await npm.exited;
      await waitFor(async () => !(await portInUse(port)), 20_000);
    } finally {
      signalGroup(npm.child.pid!, 'SIGKILL');
    }
  }, 120_000);
});
