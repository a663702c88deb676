import { Writable } from 'node:stream';
import { createLogger, startMessage, wantsPrettyLog } from '../../../src/lib/logger';

describe('the console log', () => {
  it('is one JSON line per event when not pretty (production, a pipe), secrets redacted', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('info', { pretty: false, destination });
    logger.info({ password: 'rahasia-sekali', user: { token: 't0k3n' } }, 'signed in');
    logger.debug('not at info');
    logger.warn('second event');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ level: 30, msg: 'signed in', password: '[redacted]', user: { token: '[redacted]' } });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 40, msg: 'second event' });
  });

  it.each([
    ['development', true, true],
    ['development', false, false],
    ['test', undefined, false],
    ['production', true, false],
    ['production', false, false],
  ] as const)('NODE_ENV=%s, stdout a terminal: %s → pretty %s', (env, tty, pretty) => {
    expect(wantsPrettyLog(env, tty)).toBe(pretty);
  });

  it('says where to open the app and, with the demo, who to sign in as', () => {
    const plain = startMessage({ url: 'http://localhost:3000', version: '0.2.0', demo: null });
    expect(plain).toBe('Ikrar 0.2.0 is running: open http://localhost:3000\n');
    const demo = startMessage({ url: 'http://localhost:3000', version: '0.2.0', demo: { password: 'ikrar-demo', accounts: ['admin', 'hr', 'sekda', 'opd-diskominfo'] } });
    expect(demo.split('\n')[0]).toBe('Ikrar 0.2.0 is running: open http://localhost:3000');
    expect(demo).toContain('sign in as admin, hr, sekda, opd-diskominfo with the password ikrar-demo.');
    expect(demo).toContain('employees sign in with their NIP');
  });
});
