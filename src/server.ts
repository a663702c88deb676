import 'dotenv/config';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createApp } from './app';
import { connect } from './db/connect';
import { applyClockOverride } from './lib/clock';
import { createLogger, startMessage, wantsPrettyLog } from './lib/logger';
import { APP_VERSION } from './lib/version';
import { demoAccounts } from './features/auth/auth.service';
import { DEMO_PASSWORD } from './features/demo/seed';
import { startScheduler } from './features/scheduler/scheduler';
import { prepareDatabase } from './startup';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  applyClockOverride(process.env);
  const logger = createLogger(config.logLevel, { pretty: wantsPrettyLog(config.env, process.stdout.isTTY) });
  const db = connect(config.databaseUrl, {
    // Only the code and message: pg attaches the whole client (and its parameters) to the error.
    onConnectionError: (err) =>
      logger.warn({ code: (err as { code?: string }).code, message: err.message }, 'database connection lost; the next request opens a new one'),
  });
  await prepareDatabase(db, config, logger);

  const app = createApp({ db, config, logger });
  const server: Server = app.listen(config.port, config.host);
  // Listening is announced only once it happened; a taken port (or any listen failure) is one
  // clear line and a non-zero exit, so an orchestrator sees a failed start, not a quiet one.
  await new Promise<void>((resolve) => {
    server.once('listening', resolve);
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? `port ${config.port} is already in use on ${config.host}; stop what listens there or set PORT` : err.message;
      console.error(`Ikrar cannot start: ${why}`);
      process.exit(1);
    });
  });
  const url = `http://${['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host}:${config.port}`;
  if (config.env === 'production') {
    logger.info({ port: config.port, dialect: config.dialect, timezone: config.timezone, version: APP_VERSION }, `Ikrar listening on ${url}`);
  } else {
    // For the person who just typed npm start: plain words, whatever LOG_LEVEL hides.
    const accounts = config.demo ? (await demoAccounts(db).catch(() => [])).map((a) => a.username) : [];
    process.stdout.write(startMessage({ url, version: APP_VERSION, demo: accounts.length ? { password: DEMO_PASSWORD, accounts } : null }));
  }
  const stopScheduler = config.scheduler ? startScheduler({ db, config, logger }) : null;

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the database.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await stopScheduler?.();
      await db.destroy();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
