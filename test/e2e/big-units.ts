import { Settings } from 'luxon';
import { connect } from '../../src/db/connect';
import { migrateToLatest } from '../../src/db/migrate';
import { generateDemo, type DemoSummary } from '../../src/features/demo/seed';

/*
 * The demo generator, sized so its two units are as big as a roll-call gets: DISDIK at the cap
 * of 3,000 (about 2,900 of them expected at the apel, the others' category need not attend) and
 * RSUD at about 2,400. It runs in the test process into the file the server then opens (the
 * server seeds only an empty database), with "now" set three weeks before the server's Monday:
 * that Monday then has no session yet and no planned absence reaches it, so every row starts
 * as Hadir and a test can count exactly the exceptions it made.
 */
export async function seedBigUnits(file: string, seededAt: string): Promise<DemoSummary> {
  const offset = Date.parse(seededAt) - Date.now();
  const before = Settings.now;
  Settings.now = () => Date.now() + offset;
  const db = connect(file);
  try {
    await migrateToLatest(db);
    return await generateDemo(db, 'Asia/Jakarta', { employees: 5500, opds: 2, weeks: 2 });
  } finally {
    Settings.now = before;
    await db.destroy();
  }
}
