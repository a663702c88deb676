import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../src/app';
import { prepareDatabase } from '../../src/startup';
import { signIn, testConfig } from '../support/app';
import { fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { createTestDb, type TestDb } from '../support/db';
import { makeSession, makeUnit } from '../support/factories';
import { captureLogger } from '../support/faults';
import { sessionUrl } from '../support/forms';

/*
 * Photos saved before 0.2.0 are files under DATA_DIR/photos; the start-up step moves each into
 * the database (src/features/sessions/photo-move-in.ts), once, and a missing file stops nothing.
 */
describe('session photos on disk moved into the database at start-up', () => {
  let t: TestDb;
  let dataDir: string;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5000, 3)]);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(7000, 4)]);

  beforeAll(async () => {
    t = await createTestDb();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-photos-in-'));
    fixNow(MONDAY_MORNING);
  });
  afterAll(async () => {
    resetNow();
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores each file, points its session at it, deletes the disk file, tolerates a missing one and does nothing the second time', async () => {
    const { opd, operator } = await makeUnit(t.db, 1);
    const dates = ['2026-11-02', '2026-11-09', '2026-11-16'];
    const [withPng, withJpeg, withMissing] = await Promise.all(dates.map((date) => makeSession(t.db, { opdId: opd.id, date })));
    const photos = path.join(dataDir, 'photos');
    fs.mkdirSync(photos);
    fs.writeFileSync(path.join(photos, 'a1.png'), png);
    fs.writeFileSync(path.join(photos, 'b2.jpg'), jpeg);
    await t.db.updateTable('sessions').set({ photo_path: 'a1.png', photo_mime: 'image/png' }).where('id', '=', withPng.id).execute();
    // No mime stored: it is read from the bytes.
    await t.db.updateTable('sessions').set({ photo_path: 'b2.jpg' }).where('id', '=', withJpeg.id).execute();
    await t.db.updateTable('sessions').set({ photo_path: 'gone.png', photo_mime: 'image/png' }).where('id', '=', withMissing.id).execute();

    const config = testConfig(t.url, { DATA_DIR: dataDir });
    const log = captureLogger();
    await prepareDatabase(t.db, config, log.logger);

    const rows = await t.db.selectFrom('sessions').select(['id', 'photo_file_id', 'photo_path', 'photo_mime']).where('opd_id', '=', opd.id).orderBy('pledge_date').execute();
    expect(rows.map((r) => [r.photo_path, r.photo_mime])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(rows[2].photo_file_id).toBeNull();
    // Each session's own file (the sessions were made at once, so their ids need not follow their dates).
    const files = await t.db.selectFrom('files').selectAll().where('id', 'in', [rows[0].photo_file_id!, rows[1].photo_file_id!]).execute();
    const stored = [rows[0], rows[1]].map((r) => files.find((f) => f.id === r.photo_file_id)!);
    expect(stored.map((f) => [f.kind, f.mime, f.size])).toEqual([
      ['session_photo', 'image/png', png.length],
      ['session_photo', 'image/jpeg', jpeg.length],
    ]);
    expect(Buffer.compare(Buffer.from(stored[0].data), png)).toBe(0);
    expect(Buffer.compare(Buffer.from(stored[1].data), jpeg)).toBe(0);
    expect(fs.readdirSync(photos)).toEqual([]);
    expect(log.lines().match(/gone\.png/g)).toHaveLength(1);

    // The app serves the moved photo as any other.
    const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }) });
    const agent = await signIn(app, operator.username);
    const res = await agent.get(`${sessionUrl(opd.code, dates[0])}/photo`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(res.body as Buffer, png)).toBe(0);
    expect((await agent.get(`${sessionUrl(opd.code, dates[2])}/photo`)).status).toBe(404);

    // A second start: nothing left to move, nothing logged again, nothing stored twice.
    const filesBefore = await t.db.selectFrom('files').select('id').execute();
    const again = captureLogger();
    await prepareDatabase(t.db, config, again.logger);
    expect(await t.db.selectFrom('files').select('id').execute()).toEqual(filesBefore);
    expect(await t.db.selectFrom('sessions').select(['id', 'photo_file_id', 'photo_path', 'photo_mime']).where('opd_id', '=', opd.id).orderBy('pledge_date').execute()).toEqual(rows);
    expect(again.lines()).toBe('');
  });

  it('starts when DATA_DIR has no photos folder, keeping the rows for a start that has it', async () => {
    const { opd } = await makeUnit(t.db, 1);
    const session = await makeSession(t.db, { opdId: opd.id, date: '2026-11-16' });
    await t.db.updateTable('sessions').set({ photo_path: 'x9.webp', photo_mime: 'image/webp' }).where('id', '=', session.id).execute();
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-no-photos-'));
    try {
      const log = captureLogger();
      await expect(prepareDatabase(t.db, testConfig(t.url, { DATA_DIR: other }), log.logger)).resolves.toBeUndefined();
      expect(log.lines()).toContain('no photos folder');
      const photoOf = () => t.db.selectFrom('sessions').select(['photo_path', 'photo_file_id']).where('id', '=', session.id).executeTakeFirstOrThrow();
      expect(await photoOf()).toEqual({ photo_path: 'x9.webp', photo_file_id: null });

      // The instance with the folder moves it.
      const webp = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), Buffer.alloc(100, 6)]);
      fs.mkdirSync(path.join(dataDir, 'photos'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'photos', 'x9.webp'), webp);
      await prepareDatabase(t.db, testConfig(t.url, { DATA_DIR: dataDir }), captureLogger().logger);
      const moved = await photoOf();
      expect(moved.photo_path).toBeNull();
      const file = await t.db.selectFrom('files').select(['mime', 'data']).where('id', '=', moved.photo_file_id!).executeTakeFirstOrThrow();
      expect(file.mime).toBe('image/webp');
      expect(Buffer.compare(Buffer.from(file.data), webp)).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
