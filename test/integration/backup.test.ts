import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { connect } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { backupSqlite } from '../../src/lib/backup';
import { Settings } from 'luxon';
import pino from 'pino';
import { createApp } from '../../src/app';
import { generateDemo } from '../../src/features/demo/seed';
import { databaseFileStore } from '../../src/features/files/file-store';
import { signIn, testConfig } from '../support/app';

/** What a monthly report adds up: per-status totals over all submitted sessions. */
async function totals(db: Kysely<Database>) {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [
      eb.fn.countAll<number>().as('sessions'),
      eb.fn.sum<number>('expected_count').as('expected'),
      eb.fn.sum<number>('count_tk').as('tk'),
      eb.fn.sum<number>('compliant_count').as('compliant'),
    ])
    .where('state', '=', 'submitted')
    .executeTakeFirstOrThrow();
  const attendance = await db.selectFrom('attendance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])), attendance: Number(attendance.n) };
}

// The online backup API is SQLite's; PostgreSQL deployments use pg_dump (README).
describe('backup of a live SQLite database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-backup-'));
  const file = path.join(dir, 'live.db');
  let db: Kysely<Database>;

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-11-24T06:00:00Z');
    db = connect(file);
    await migrateToLatest(db);
    await generateDemo(db, 'Asia/Jakarta', { employees: 400, opds: 8, weeks: 6 });
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh instance with the same report totals and the photos', async () => {
    // A session photo lives in the database (src/features/files): the copy carries it, no folder needed.
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, 5)]);
    const photoId = await databaseFileStore(db).put('session_photo', 'image/jpeg', photo);
    const before = await totals(db);
    expect(before.attendance).toBeGreaterThan(1000);
    const copy = await backupSqlite(file, path.join(dir, 'backups'));
    expect(path.basename(copy)).toMatch(/^ikrar-\d{8}-\d{6}\.db$/);

    // Restore = copy the backup file into place while the app is stopped.
    const restoredFile = path.join(dir, 'restored.db');
    fs.copyFileSync(copy, restoredFile);
    const restored = connect(restoredFile);
    try {
      expect(await migrateToLatest(restored)).toEqual([]);
      expect(await totals(restored)).toEqual(before);
      const restoredPhoto = await databaseFileStore(restored).get(photoId);
      expect(restoredPhoto?.mime).toBe('image/jpeg');
      expect(Buffer.compare(restoredPhoto!.bytes, photo)).toBe(0);
      // The monthly report hr would download reads the same from both.
      const report = async (d: Kysely<Database>, f: string) => {
        const agent = await signIn(createApp({ db: d, config: testConfig(f), logger: pino({ level: 'silent' }) }), 'hr', 'ikrar-demo');
        const res = await agent.get('/reports/monthly?month=2026-11&format=csv');
        expect(res.status).toBe(200);
        return res.text;
      };
      const original = await report(db, file);
      expect(original.split('\n').length).toBeGreaterThan(100);
      expect(await report(restored, restoredFile)).toBe(original);
    } finally {
      await restored.destroy();
    }
  });

  it('takes a consistent copy while another connection keeps writing', async () => {
    const writer = new SQLite(file);
    writer.pragma('busy_timeout = 5000');
    const insert = writer.prepare(
      "insert into notifications (user_id, kind, title, body, created_at) values (1, 'test', 't', 'b', '2026-01-01T00:00:00.000Z')",
    );
    const rows = (d: SQLite.Database) => Number(d.prepare('select count(*) from notifications').pluck().get());
    let writes = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 20; i++) insert.run();
      writes += 20;
    }, 1);
    try {
      // The writer is under way before the copy starts (a tiny database copies in one step).
      while (writes === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      const atStart = rows(writer);
      const copy = await backupSqlite(file, path.join(dir, 'backups-live'));
      const atEnd = rows(writer);
      const check = new SQLite(copy, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      // A snapshot of one moment between the start and the end of the copy.
      const copied = rows(check);
      check.close();
      expect(copied).toBeGreaterThanOrEqual(atStart);
      expect(copied).toBeLessThanOrEqual(atEnd);
    } finally {
      clearInterval(timer);
      writer.close();
    }
  });
});
