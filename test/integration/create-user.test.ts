import { spawn } from 'node:child_process';
import path from 'node:path';
import { verifyPassword } from '../../src/lib/password';
import { createTestDb, type TestDb } from '../support/db';
import { recordProcess, signalGroup } from '../support/processes';

/*
 * `npm run user:create` as an admin runs it: piped (a script: the password and its confirmation on
 * stdin) and on a terminal (asked twice, never shown). The script runs as a real child process.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('npm run user:create', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.destroy());

  /** Runs the script; `feed` writes to its stdin as its output arrives (then stdin is closed). */
  function run(command: string[], feed: (out: string, write: (s: string) => void) => boolean) {
    const child = spawn(command[0], command.slice(1), {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, DATABASE_URL: t.serverUrl, NODE_ENV: 'development', DEMO: '0', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    recordProcess(child.pid!, 'create-user.test.ts');
    let out = '';
    const write = (s: string) => child.stdin!.write(s);
    const onData = (d: Buffer) => {
      out += d;
      if (feed(out, write)) child.stdin!.end();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    if (feed(out, write)) child.stdin!.end();
    const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 60_000);
    return new Promise<{ code: number | null; out: string }>((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out });
      }),
    );
  }
  const script = (username: string) => [process.execPath, '--import', 'tsx', 'scripts/create-user.ts', '--username', username, '--role', 'hr'];
  const piped = (username: string, input: string) =>
    run(script(username), (_out, write) => {
      write(input);
      return true;
    });
  const userOf = (username: string) => t.db.selectFrom('users').select(['role', 'password_hash']).where('username', '=', username).executeTakeFirst();

  it('reads the password and its confirmation from piped stdin', async () => {
    const res = await piped('hr-pipa', 'Kuda-Lumping-2026\nKuda-Lumping-2026\n');
    expect(res.code).toBe(0);
    expect(res.out).toContain('created hr user "hr-pipa"');
    expect(res.out).not.toContain('Kuda-Lumping');
    const user = (await userOf('hr-pipa'))!;
    expect(user.role).toBe('hr');
    expect(await verifyPassword(user.password_hash, 'Kuda-Lumping-2026')).toBe(true);
  }, 90_000);

  it('refuses a mismatch, a missing confirmation and a password the rules refuse, creating nobody', async () => {
    const mismatch = await piped('hr-beda', 'Kuda-Lumping-2026\nKuda-Lumping-2027\n');
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toContain('the two passwords differ');
    const single = await piped('hr-satu', 'Kuda-Lumping-2026\n');
    expect(single.code).toBe(1);
    expect(single.out).toContain('the same again on the second');
    const short = await piped('hr-pendek', 'pendek\npendek\n');
    expect(short.code).toBe(1);
    expect(short.out).toContain('10+ characters');
    for (const u of ['hr-beda', 'hr-satu', 'hr-pendek']) expect(await userOf(u)).toBeUndefined();
  }, 120_000);

  it('generates and prints a password when stdin gives none', async () => {
    const res = await piped('hr-acak', '');
    expect(res.code).toBe(0);
    const password = /with password: (\S+)/.exec(res.out)![1];
    expect(await verifyPassword((await userOf('hr-acak'))!.password_hash, password)).toBe(true);
  }, 90_000);

  // script(1) gives the child a real terminal; each answer is typed only once its prompt shows.
  it('on a terminal asks twice without echoing, and asks again after a mismatch', async () => {
    const answers = ['Kuda-Lumping-2026', 'Kuda-Lumping-XXXX', 'Kuda-Lumping-2026', 'Kuda-Lumping-2026'];
    let typed = 0;
    const command = ['script', '-qfec', `${script('hr-terminal').map((a) => `'${a}'`).join(' ')}`, '/dev/null'];
    const res = await run(command, (out, write) => {
      const prompts = (out.match(/Password (\(empty = generate\)|again): /g) ?? []).length;
      if (prompts > typed && typed < answers.length) write(`${answers[typed++]}\r`);
      return false;
    });
    expect(res.code).toBe(0);
    expect(res.out).toContain('The two passwords differ; try again.');
    expect(res.out).toContain('created hr user "hr-terminal"');
    expect(res.out).not.toContain('Kuda-Lumping');
    expect(await verifyPassword((await userOf('hr-terminal'))!.password_hash, 'Kuda-Lumping-2026')).toBe(true);
  }, 90_000);
});
