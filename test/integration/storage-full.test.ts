import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import { csrfOf, signIn, testConfig, type Agent } from '../support/app';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';
import { makeUnit, makeUser } from '../support/factories';
import { captureLogger, fillSqlite, unfillSqlite, type CapturedLog } from '../support/faults';
import { fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { formFields, sessionUrl } from '../support/forms';

/*
 * A full disk or database: a save is refused with "not saved: storage full" (507) and the form
 * comes back with what was typed, sign-in says the same instead of "form expired", the log names
 * the real error, /healthz stops saying ok, and no photo is left behind by a refused save.
 */
const sqliteOnly = TEST_DIALECT === 'sqlite' ? describe : describe.skip;
const png = (bytes: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(bytes, 7)]);

describe('storage full or not writable', () => {
  let t: TestDb;
  let config: Config;
  let app: Express;
  let log: CapturedLog;
  let dataDir: string;

  beforeAll(async () => {
    t = await createTestDb();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-data-'));
    log = captureLogger();
    config = testConfig(t.url, { DATA_DIR: dataDir });
    app = createApp({ db: t.db, config, logger: log.logger });
  });
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(async () => {
    resetNow();
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function multipart(agent: Agent, url: string, fields: Record<string, string>) {
    let req = agent.post(url);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  }

  sqliteOnly('a full SQLite database (SQLITE_FULL)', () => {
    afterEach(() => unfillSqlite(t.db));

    it('refuses a roll-call save with 507, shows the form again with everything typed, and logs SQLITE_FULL', async () => {
      const { opd, employees, operator } = await makeUnit(t.db, 40);
      const agent = await signIn(app, operator.username);
      const fields = formFields((await agent.get(sessionUrl(opd.code))).text);
      const typed: Record<string, string> = { ...fields, pembina: 'Pembina Uji Penuh', action: 'draft' };
      // Long notes on every row: more than a page of new data, so the save must grow the file.
      for (const [i, e] of employees.entries()) {
        typed[`status[${e.id}]`] = i % 2 ? 'TL' : 'H';
        typed[`note[${e.id}]`] = `Catatan ${i} `.padEnd(190, 'x');
      }
      const before = log.lines().length;
      await fillSqlite(t.db);

      const res = await agent.post(sessionUrl(opd.code)).type('form').send(typed);
      expect(res.status).toBe(507);
      expect(res.text).toContain('Tidak tersimpan: penyimpanan server penuh');
      const shown = formFields(res.text);
      expect(shown.pembina).toBe('Pembina Uji Penuh');
      expect(shown.version).toBe('0');
      for (const [i, e] of employees.entries()) {
        expect(shown[`status[${e.id}]`]).toBe(i % 2 ? 'TL' : 'H');
        expect(shown[`note[${e.id}]`]).toBe(typed[`note[${e.id}]`]);
      }
      expect(await t.db.selectFrom('sessions').select('id').where('opd_id', '=', opd.id).executeTakeFirst()).toBeUndefined();
      const logged = log.lines().slice(before);
      expect(logged).toContain('SQLITE_FULL');
      expect(logged).not.toContain('cannot rollback');

      // Room again: the same form, sent again as it came back, is saved.
      await unfillSqlite(t.db);
      expect((await agent.post(sessionUrl(opd.code)).type('form').send({ ...shown, action: 'draft' })).status).toBe(302);
      expect(await t.db.selectFrom('attendance').select('note').where('opd_id', '=', opd.id).where('status', '=', 'TL').execute()).toHaveLength(20);
    });

    it('answers /healthz 503 "read_only" when the database is at its size limit; only an admin sees why', async () => {
      const admin = await signIn(app, (await makeUser(t.db, { role: 'admin' })).username);
      expect((await request(app).get('/healthz')).status).toBe(200);
      await fillSqlite(t.db);
      const res = await request(app).get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'read_only', dialect: 'sqlite' });
      const detail = await admin.get('/healthz');
      expect(detail.body).toMatchObject({ status: 'read_only', database: { reachable: true, writable: false, problem: 'size_limit' } });
      await unfillSqlite(t.db);
      expect((await request(app).get('/healthz')).status).toBe(200);
    });

    it('says "storage full" at sign-in, never "form expired" or a 500', async () => {
      await makeUser(t.db, { role: 'hr', username: 'hr-penuh' });
      await fillSqlite(t.db);
      const seen: number[] = [];
      let refused: request.Response | undefined;
      // Every sign-in stores a session row; sign in until the database has no room for one.
      for (let i = 0; i < 200 && !refused; i++) {
        const agent = request.agent(app);
        const page = await agent.get('/login');
        seen.push(page.status);
        if (page.status !== 200) {
          refused = page;
          break;
        }
        const res = await agent.post('/login').type('form').send({ username: 'hr-penuh', password: 'uji-coba-rahasia-2026', _csrf: csrfOf(page.text) });
        seen.push(res.status);
        if (res.status !== 302) refused = res;
      }
      expect(refused?.status).toBe(507);
      expect(refused!.text).toContain('Tidak dapat masuk sekarang: penyimpanan server penuh');
      expect(refused!.text).toContain('name="username"');
      expect(seen.filter((s) => s !== 200 && s !== 302)).toEqual([507]);
    });

    it('shows any other refused form as "not saved" with its fields ready to send again', async () => {
      const hr = await signIn(app, (await makeUser(t.db, { role: 'hr' })).username);
      await fillSqlite(t.db);
      let refused: request.Response | undefined;
      for (let day = 1; day <= 28 * 6 && !refused; day++) {
        const date = new Date(Date.UTC(2030, 0, day)).toISOString().slice(0, 10);
        const res = await hr.post('/holidays').type('form').send({ _csrf: hr.csrf, date, name: `Libur daerah ${day}`.padEnd(150, '.'), kind: 'libur_daerah' });
        if (res.status !== 302) refused = res;
      }
      expect(refused?.status).toBe(507);
      expect(refused!.text).toContain('Tidak tersimpan: penyimpanan server penuh');
      expect(refused!.text).toMatch(/<form method="post" action="\/holidays">/);
      expect(refused!.text).toMatch(/name="name" value="Libur daerah \d+\.+"/);
      expect(refused!.text).toContain('Kirim lagi');
    });
  });

  const files = () => t.db.selectFrom('files').select('id').orderBy('id').execute();

  describe('photos', () => {
    it('replaces a photo with the save, and a refused save stores nothing', async () => {
      const { opd, operator } = await makeUnit(t.db, 1);
      const agent = await signIn(app, operator.username);
      const page = formFields((await agent.get(sessionUrl(opd.code))).text);
      expect((await multipart(agent, sessionUrl(opd.code), { ...page, action: 'draft' }).attach('photo', png(100), 'a.png')).status).toBe(302);
      const photoOf = async () => (await t.db.selectFrom('sessions').select('photo_file_id').where('opd_id', '=', opd.id).executeTakeFirstOrThrow()).photo_file_id!;
      const first = await photoOf();
      const v1 = formFields((await agent.get(sessionUrl(opd.code))).text);
      expect((await multipart(agent, sessionUrl(opd.code), { ...v1, action: 'draft' }).attach('photo', png(200), 'b.png')).status).toBe(302);
      const second = await photoOf();
      expect(second).not.toBe(first);
      const stored = (await files()).map((f) => f.id);
      expect(stored).toContain(second);
      expect(stored).not.toContain(first);

      // A stale form (version 1 after the second save made it 2) is refused: its photo is not kept.
      const stale = await multipart(agent, sessionUrl(opd.code), { ...v1, action: 'draft' }).attach('photo', png(300), 'c.png');
      expect(stale.status).toBe(409);
      expect((await files()).map((f) => f.id)).toEqual(stored);
      expect(await photoOf()).toBe(second);
    });
  });

  sqliteOnly('a photo in a full SQLite database', () => {
    afterEach(() => unfillSqlite(t.db));

    it('refuses the save with 507, keeps the input, asks for the photo again and stores nothing', async () => {
      const { opd, operator } = await makeUnit(t.db, 2);
      const agent = await signIn(app, operator.username);
      const fields = formFields((await agent.get(sessionUrl(opd.code))).text);
      const before = await files();
      await fillSqlite(t.db);
      const res = await multipart(agent, sessionUrl(opd.code), { ...fields, pembina: 'Pembina Foto', action: 'draft' }).attach('photo', png(200_000), 'apel.png');
      expect(res.status).toBe(507);
      expect(res.text).toContain('Tidak tersimpan: penyimpanan server penuh');
      expect(res.text).toContain('Foto belum tersimpan: pilih fotonya lagi.');
      expect(formFields(res.text).pembina).toBe('Pembina Foto');
      expect(log.lines()).toContain('SQLITE_FULL');
      await unfillSqlite(t.db);
      expect(await files()).toEqual(before);
      expect(await t.db.selectFrom('sessions').select('id').where('opd_id', '=', opd.id).executeTakeFirst()).toBeUndefined();
    });
  });
});
