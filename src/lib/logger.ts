import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

const OPTIONS: LoggerOptions = {
  redact: {
    paths: ['password', '*.password', 'req.headers.authorization', 'req.headers.cookie', 'token', '*.token'],
    censor: '[redacted]',
  },
};

/**
 * Production (and anything not a terminal: a log collector, the tests' pipes) gets one JSON line
 * per event on stdout. Someone running the app in a terminal outside production reads it pretty,
 * formatted in this process (no worker thread), with the same redaction.
 */
export function createLogger(level: string, how: { pretty: boolean; destination?: DestinationStream } = { pretty: false }): Logger {
  const destination = how.pretty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true, destination: 1 }) : how.destination;
  return destination ? pino({ ...OPTIONS, level }, destination) : pino({ ...OPTIONS, level });
}

/** Pretty only for a person at a terminal, never in production. */
export function wantsPrettyLog(env: string, stdoutIsTty: boolean | undefined): boolean {
  return env !== 'production' && !!stdoutIsTty;
}

/**
 * The paragraph a developer sees once the server listens (outside production; production logs the
 * same as a JSON event): where to open it and, with the demo, how to sign in (README, "Demo logins").
 */
export function startMessage(o: { url: string; version: string; demo: { password: string; accounts: string[] } | null }): string {
  const lines = [`Ikrar ${o.version} is running: open ${o.url}`];
  if (o.demo?.accounts.length) {
    lines.push(`Demo data: sign in as ${o.demo.accounts.join(', ')} with the password ${o.demo.password}.`);
    lines.push('Each unit has an operator account opd-<unit code in lower case>; employees sign in with their NIP.');
  }
  return `${lines.join('\n')}\n`;
}
