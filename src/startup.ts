import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import { withStartupLock } from './db/startup-lock';
import { seedIfEmpty } from './features/demo/seed';
import { movePhotosIn } from './features/sessions/photo-move-in';
import { ensureOfficialHolidays } from './features/holidays/holidays.service';

/**
 * What an instance does to the database before it serves: the migrations, then (DEMO=1) the
 * demo for an empty database and the official holiday lists. Each step runs under the start-up
 * lock and looks inside it at what is left, so instances starting together do it once: the
 * second one waited, then found the users and the holidays there (it used to crash on a
 * duplicate holiday). Session photos still on disk (before 0.2.0) are moved into the database.
 */
export async function prepareDatabase(db: Kysely<Database>, config: Config, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  await withStartupLock(db, async () => {
    if (config.demo) await seedIfEmpty(db, config, logger);
    // After the seed, which inserts the same official lists itself.
    await ensureOfficialHolidays(db, config.timezone);
    await movePhotosIn(db, config.dataDir, logger);
  });
}
