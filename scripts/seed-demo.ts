import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { DEMO_DEFAULT, generateDemo, refuseDemoInProduction } from '../src/features/demo/seed';

/**
 * `npm run seed:demo -- --employees 63000 --opds 100 --weeks 104 [--db path-or-url]`
 * Generates the demo Pemda into an empty database (refuses a database that has users).
 */
async function main() {
  // Before the configuration: in production a missing SESSION_SECRET would hide the real reason.
  refuseDemoInProduction();
  const { values } = parseArgs({
    options: {
      employees: { type: 'string' },
      opds: { type: 'string' },
      weeks: { type: 'string' },
      db: { type: 'string' },
    },
  });
  const config = loadConfig(values.db ? { ...process.env, DATABASE_URL: values.db } : process.env);
  const db = connect(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const used = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (used) throw new Error('the database is not empty; point --db at a new file or database');
    const summary = await generateDemo(db, config.timezone, {
      employees: Number(values.employees ?? DEMO_DEFAULT.employees),
      opds: Number(values.opds ?? DEMO_DEFAULT.opds),
      weeks: Number(values.weeks ?? DEMO_DEFAULT.weeks),
    });
    console.log(JSON.stringify(summary));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
