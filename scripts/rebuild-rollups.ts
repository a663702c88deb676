import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { rebuildRollups } from '../src/features/compliance/rebuild';
import { getSettings } from '../src/features/settings/settings.repository';

/**
 * `npm run rollups:rebuild -- [--batch 500] [--db path-or-url]`
 * Recomputes every session's totals and every employee-year's TK figures and flags from the raw
 * attendance rows, in batches. Safe to run on a live instance; prints a JSON summary.
 */
async function main() {
  const { values } = parseArgs({ options: { batch: { type: 'string' }, db: { type: 'string' } } });
  const batch = Number(values.batch ?? 500);
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000) throw new Error('--batch: a whole number from 1 to 5000');
  const config = loadConfig(values.db ? { ...process.env, DATABASE_URL: values.db } : process.env);
  const db = connect(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const settings = await getSettings(db);
    let shown = 0;
    const report = await rebuildRollups(db, settings, {
      batch,
      onProgress: (what, done) => {
        if (Date.now() - shown < 2000) return;
        shown = Date.now();
        process.stderr.write(`${what}: ${done}\n`);
      },
    });
    console.log(JSON.stringify(report));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
