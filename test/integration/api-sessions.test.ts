import type { Express } from 'express';
import request from 'supertest';
import { useTestApp } from '../support/app';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { AFTER_DEADLINE, fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeAbsence, makeUnit } from '../support/factories';
import { expectDocumented } from '../support/openapi-validate';

const PATH = '/opds/{code}/sessions/{date}';
const url = (code: string, date = MONDAY) => `/api/v1/opds/${code}/sessions/${date}`;
const details = { held: true, mode: 'langsung', start_time: '07:30', ikrar_version: '2024', pembina: 'Kepala Dinas', ikrar_reader: 'Sekretaris', location: 'Halaman kantor' };

describe('JSON API: sessions and roll-calls', () => {
  const ctx = useTestApp();
  let app: Express;
  beforeAll(() => {
    app = ctx.app;
  });
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  async function unit(people = 3) {
    const u = await makeUnit(ctx.db, people);
    const token = await makeToken(ctx.db, { role: 'opd', opdId: u.opd.id });
    return { ...u, token };
  }
  const countRows = async (opdId: number) =>
    Number((await ctx.db.selectFrom('attendance').select((eb) => eb.fn.countAll().as('n')).where('opd_id', '=', opdId).executeTakeFirstOrThrow()).n);
  const put = (token: string, code: string, body: unknown, ifMatch: string | null = '"0"', date = MONDAY) => {
    const r = request(app).put(url(code, date)).set(bearer(token));
    return ifMatch === null ? r.send(body as object) : r.set('If-Match', ifMatch).send(body as object);
  };

  it('shows the pre-filled roll-call before anything is saved, with ETag "0"', async () => {
    const { opd, employees, token } = await unit();
    await makeAbsence(ctx.db, { employeeId: employees[2].id, status: 'C', cutiType: 'tahunan', from: '2026-11-20', to: '2026-11-27', ref: 'SC/9/2026' });
    const res = await request(app).get(url(opd.code.toLowerCase())).set(bearer(token));
    expect(res.status).toBe(200);
    expectDocumented(res, PATH, 'get');
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ opd: { code: opd.code }, pledge_date: MONDAY, state: 'belum_diisi', locked: false, version: 0, session: null, deadline: '2026-11-24T05:00:00.000Z' });
    expect(res.body.attendance.map((a: { status: string; saved: boolean }) => [a.status, a.saved])).toEqual([
      ['H', false],
      ['H', false],
      ['C', false],
    ]);
    expect(res.body.attendance[2]).toMatchObject({ cuti_type: 'tahunan', planned_absence: { status: 'C', cuti_type: 'tahunan', document_ref: 'SC/9/2026' } });
  });

  it('puts and submits a roll-call with the form rules, the rollups and an audit row', async () => {
    const { opd, employees, token } = await unit();
    const [a, b, c] = employees;
    const body = {
      ...details,
      submit: true,
      attendance: [
        { nip: a.nip, status: 'H' },
        { nip: b.nip, status: 'TK', note: 'Tidak ada kabar' },
        { nip: c.nip, status: 'C', cuti_type: 'sakit' },
      ],
    };
    const res = await put(token, opd.code, body);
    expect(res.status).toBe(200);
    expectDocumented(res, PATH, 'put');
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ state: 'terkirim', version: 1, session: { held: true, submitted: true, late: false, pembina: 'Kepala Dinas' } });
    expect(res.body.session.totals).toMatchObject({ expected: 3, excused: 1, compliant: 1, rate: 0.5, counts: { H: 1, TK: 1, C: 1 } });
    expect(res.body.attendance.map((r: { status: string; saved: boolean }) => [r.status, r.saved])).toEqual([
      ['H', true],
      ['TK', true],
      ['C', true],
    ]);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'session').where('opd_id', '=', opd.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe('submit');
    expect(audit[0].actor).toMatch(/^token:/);
    expect(audit[0].request_id).toBeTruthy();
    const stats = await ctx.db.selectFrom('employee_year_stats').selectAll().where('employee_id', '=', b.id).executeTakeFirstOrThrow();
    expect(stats.tk_count).toBe(1);

    const again = await request(app).get(url(opd.code)).set(bearer(token));
    expect(again.headers.etag).toBe('"1"');
    // A GET with the current ETag is answered 304 without a body.
    expect((await request(app).get(url(opd.code)).set(bearer(token)).set('If-None-Match', '"1"')).status).toBe(304);
  });

  it('refuses a stale If-Match with 409 and the stored version, writing nothing', async () => {
    const { opd, employees, token } = await unit(2);
    const rows = employees.map((e) => ({ nip: e.nip, status: 'H' }));
    expect((await put(token, opd.code, { ...details, attendance: rows })).status).toBe(200);
    const stale = await put(token, opd.code, { ...details, notes: 'versi lama', attendance: rows.map((r) => ({ ...r, status: 'TK' })) }, '"0"');
    expect(stale.status).toBe(409);
    expectDocumented(stale, PATH, 'put');
    expect(stale.headers.etag).toBe('"1"');
    expect(stale.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('versi tersimpan sekarang 1') });
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect([session.version, session.notes, session.count_tk]).toEqual([1, null, 0]);
  });

  it('requires If-Match (428), refuses a malformed one (400) and accepts * to overwrite', async () => {
    const { opd, employees, token } = await unit(1);
    const body = { ...details, attendance: [{ nip: employees[0].nip, status: 'H' }] };
    const missing = await put(token, opd.code, body, null);
    expect(missing.status).toBe(428);
    expectDocumented(missing, PATH, 'put');
    expect(missing.body.error.code).toBe('precondition_required');
    const bad = await put(token, opd.code, body, 'versi-satu');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'If-Match', message: 'If-Match harus berisi nomor versi, misalnya "3", atau *.' }]);
    expect((await put(token, opd.code, body, '*')).status).toBe(200);
    expect((await put(token, opd.code, body, '*')).headers.etag).toBe('"2"');
  });

  it('answers 400 for malformed JSON, saying where, and 415 for a body that is not JSON', async () => {
    const { opd, token } = await unit(1);
    const res = await request(app).put(url(opd.code)).set(bearer(token)).set('If-Match', '"0"').set('Content-Type', 'application/json').send('{\n  "held": true,\n  "attendance": [\n    { "nip": "1", "status": "H", }\n  ]\n}');
    expect(res.status).toBe(400);
    expectDocumented(res, PATH, 'put');
    expect(res.body.error.code).toBe('bad_json');
    expect(res.body.error.message).toBe('Isi permintaan bukan JSON yang sah.');
    expect(res.body.error.details[0].path).toBe('body');
    expect(res.body.error.details[0].message).toMatch(/^Baris 4, kolom 34 \(posisi 69\): /);
    const text = await request(app).put(url(opd.code)).set(bearer(token)).set('If-Match', '"0"').set('Content-Type', 'text/plain').send('held=1');
    expect(text.status).toBe(415);
    expectDocumented(text, PATH, 'put');
    expect(await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).execute()).toEqual([]);
  });

  it('refuses what the form refuses with 422, one detail per row or field, writing nothing', async () => {
    const { opd, employees, token } = await unit(3);
    const [a, b, c] = employees;
    const res = await put(token, opd.code, {
      held: true,
      mode: 'langsung',
      start_time: '25:00',
      ikrar_version: '2024',
      attendance: [
        { nip: a.nip, status: 'XX' },
        { nip: b.nip, status: 'H', cuti_type: 'tahunan' },
        { nip: '199901012020011999', status: 'H' },
      ],
    });
    expect(res.status).toBe(422);
    expectDocumented(res, PATH, 'put');
    expect(res.body.error.code).toBe('validation');
    const byField = Object.fromEntries(res.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(byField.start_time).toBe('Jam tidak valid (format JJ:MM).');
    expect(await countRows(opd.id)).toBe(0);

    const rows = await put(token, opd.code, { ...details, attendance: [{ nip: a.nip, status: 'XX' }, { nip: b.nip, status: 'H', cuti_type: 'tahunan' }, { nip: '199901012020011999', status: 'H' }] });
    expect(rows.status).toBe(422);
    const byPath = Object.fromEntries(rows.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(byPath[`attendance.${a.nip}`]).toBe(`Status untuk NIP ${a.nip} tidak dikenal.`);
    expect(byPath[`attendance.${b.nip}`]).toBe(`Jenis cuti untuk NIP ${b.nip} tidak sesuai (hanya untuk status C).`);
    expect(byPath['attendance.199901012020011999']).toBe('NIP 199901012020011999 tidak termasuk peserta apel unit ini pada tanggal ini.');
    expect(byPath[`attendance.${c.nip}`]).toBe(`Status untuk NIP ${c.nip} belum diisi.`);
    expect(await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).execute()).toEqual([]);
    expect(await ctx.db.selectFrom('audit_log').selectAll().where('opd_id', '=', opd.id).execute()).toEqual([]);

    const typo = await put(token, opd.code, { ...details, submited: true, attendance: [] });
    expect(typo.status).toBe(422);
    expect(typo.body.error.details).toEqual([{ path: 'submited', message: 'Kolom ini tidak dikenal oleh API.' }]);
  });

  it('keeps scopes: another unit is 404, a sekda token may read but not write', async () => {
    const mine = await unit(1);
    const other = await unit(1);
    const body = { ...details, attendance: [{ nip: other.employees[0].nip, status: 'H' }] };
    const get = await request(app).get(url(other.opd.code)).set(bearer(mine.token));
    expect(get.status).toBe(404);
    expectDocumented(get, PATH, 'get');
    const write = await put(mine.token, other.opd.code, body);
    expect(write.status).toBe(404);
    expectDocumented(write, PATH, 'put');
    const sekda = await makeToken(ctx.db, { role: 'sekda' });
    expect((await request(app).get(url(other.opd.code)).set(bearer(sekda))).status).toBe(200);
    const refused = await put(sekda, other.opd.code, body);
    expect(refused.status).toBe(403);
    expectDocumented(refused, PATH, 'put');
    const hr = await makeToken(ctx.db, { role: 'hr' });
    expect((await put(hr, other.opd.code, body)).status).toBe(200);
    expect(await countRows(mine.opd.id)).toBe(0);
  });

  it.each([
    ['a future date', '2026-11-30'],
    ['a date that is not a pledge date', '2026-11-24'],
    ['a date that does not exist', '2026-02-30'],
  ])('answers 404 for %s', async (_what, date) => {
    const { opd, token } = await unit(1);
    expect((await request(app).get(url(opd.code, date)).set(bearer(token))).status).toBe(404);
  });

  it('marks a late submission and then locks the session for the opd token, not for hr', async () => {
    const { opd, employees, token } = await unit(1);
    const body = { ...details, submit: true, attendance: [{ nip: employees[0].nip, status: 'H' }] };
    fixNow(AFTER_DEADLINE);
    const late = await put(token, opd.code, body);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ state: 'terlambat', locked: true, session: { late: true, submitted: true } });
    const locked = await put(token, opd.code, { ...body, notes: 'ubah' }, '"1"');
    expect(locked.status).toBe(403);
    expect(locked.body.error.message).toBe('Laporan ini sudah terkunci setelah tenggat. Ajukan permintaan koreksi.');
    const hr = await makeToken(ctx.db, { role: 'hr' });
    const fixed = await put(hr, opd.code, { ...body, notes: 'dikoreksi BKD' }, '"1"');
    expect(fixed.status).toBe(200);
    expect(fixed.body.session.notes).toBe('dikoreksi BKD');
  });

  it('saves a session that was not held, without a roll-call', async () => {
    const { opd, token } = await unit(2);
    const res = await put(token, opd.code, { held: false, not_held_kind: 'cuaca_bencana', not_held_reason: 'Banjir di halaman kantor', submit: true });
    expect(res.status).toBe(200);
    expectDocumented(res, PATH, 'put');
    expect(res.body.session).toMatchObject({ held: false, not_held_kind: 'cuaca_bencana', reason_accepted: null });
    expect(await countRows(opd.id)).toBe(0);
  });
});
