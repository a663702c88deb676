import { upsertSetting } from '../../src/features/settings/settings.repository';
import { checkInKey, readCheckIn } from '../../src/features/checkin/check-in-token';
import { csrfOf, signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeEmployeeAccount, makeUnit, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * The check-in screen, the geofence, "titip absen" and the operator's review list
 * (docs/DESIGN.md, "Employees, check-in and events").
 */
const SECRET = 'kunci-sesi-uji-layar-check-in-panjang-32';
const LINK = /<p class="qr-link"><a href="([^"]+)">([^<]+)<\/a><\/p>/;
/** An apel yard in Semarang; 0.001 degree of latitude is about 111 m. */
const POINT = { lat: -6.99323, lng: 110.42037 };

describe('check-in screen, geofence and review', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET, PUBLIC_URL: 'https://ikrar.contoh.go.id' });
  const key = checkInKey(SECRET);
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let fenced: Awaited<ReturnType<typeof makeUnit>>;
  const screenUrl = (code: string, date = MONDAY) => `/opd/${code}/sessions/${date}/qr`;

  async function linkOf(code: string): Promise<string> {
    const op = await signIn(ctx.app, 'hr-screen');
    const res = await op.get(screenUrl(code));
    expect(res.status).toBe(200);
    return LINK.exec(res.text)![1];
  }
  async function checkIn(i: number, u: typeof unit, body: Record<string, string> = {}, device?: string) {
    const e = u.employees[i];
    await makeEmployeeAccount(ctx.db, e).catch(() => undefined);
    const agent = await signIn(ctx.app, e.nip.toLowerCase());
    const path = new URL(await linkOf(u.opd.code)).pathname;
    const page = await agent.get(path).set(device ? { Cookie: `ikrar.device=${device}` } : {});
    const req = agent.post(path).type('form');
    if (device) req.set('Cookie', `ikrar.device=${device}`);
    return req.send({ _csrf: csrfOf(page.text), ...body });
  }
  const rowsOf = (opdId: number) => ctx.db.selectFrom('check_ins').selectAll().where('opd_id', '=', opdId).orderBy('id').execute();

  beforeAll(async () => {
    fixNow(MONDAY_MORNING);
    unit = await makeUnit(ctx.db, 3);
    fenced = await makeUnit(ctx.db, 6);
    await makeUser(ctx.db, { role: 'hr', username: 'hr-screen' });
    await ctx.db.updateTable('opds').set({ check_in: 1 }).where('id', '=', unit.opd.id).execute();
    await ctx.db.updateTable('opds').set({ check_in: 1, apel_lat: POINT.lat, apel_lng: POINT.lng, apel_radius_m: 150 }).where('id', '=', fenced.opd.id).execute();
  });
  afterAll(() => resetNow());

  it("shows a QR of PUBLIC_URL/c/<token> for today's apel, the same link as text, the count, and a refresh at the next slot", async () => {
    const op = await signIn(ctx.app, unit.operator.username);
    const res = await op.get(screenUrl(unit.opd.code));
    expect(res.status).toBe(200);
    const [, href, text] = LINK.exec(res.text)!;
    expect(text).toBe(href);
    expect(href).toMatch(/^https:\/\/ikrar\.contoh\.go\.id\/c\/A\d+-20261123\.\d+\.[A-Za-z0-9_-]{16}$/);
    const reading = readCheckIn(key, href.split('/c/')[1], Date.parse(MONDAY_MORNING));
    expect(reading).toEqual({ ok: true, target: { kind: 'apel', opdId: unit.opd.id, date: MONDAY }, slot: expect.any(Number) });
    expect(res.text).toMatch(/<div class="qr-box"[^>]*><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // 10:00:00 is the start of a slot: the next one is 30 s away.
    expect(res.text).toContain('<noscript><meta http-equiv="refresh" content="30"></noscript>');
    expect(res.text).toContain('0 orang sudah check-in');

    const next = await op.get(`${screenUrl(unit.opd.code)}/now`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ link: href, refreshInMs: 30000, countText: '0 orang sudah check-in' });
    expect(next.body.svg).toMatch(/^<svg/);
  });

  it("takes the operator from the menu to this week's screen", async () => {
    const op = await signIn(ctx.app, unit.operator.username);
    const res = await op.get(`/opd/${unit.opd.code.toLowerCase()}/check-in`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(screenUrl(unit.opd.code));
    expect((await op.get('/account')).text).toContain(`href="/opd/${unit.opd.code}/check-in"`);
  });

  it("shows today's event its own QR for hr, and its list; another day's event has no QR", async () => {
    const event = { kind: 'ikrar_netralitas', title: 'Ikrar Netralitas Pilkada', date: MONDAY, start_time: '08:00', place: 'Halaman kantor gubernur', mode: 'gabungan', all_units: 1, check_in: 1, created_at: MONDAY_MORNING, updated_at: MONDAY_MORNING };
    const id = (await ctx.db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow()).id;
    const later = (await ctx.db.insertInto('events').values({ ...event, date: '2026-11-30' }).returning('id').executeTakeFirstOrThrow()).id;
    const hr = await signIn(ctx.app, 'hr-screen');
    const res = await hr.get(`/events/${id}/qr`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Check-in · Ikrar Netralitas Pilkada');
    const href = LINK.exec(res.text)![1];
    expect(readCheckIn(key, href.split('/c/')[1], Date.parse(MONDAY_MORNING))).toMatchObject({ ok: true, target: { kind: 'event', eventId: id } });
    expect((await hr.get(`/events/${id}/check-ins`)).text).toContain('Belum ada check-in.');
    const other = await hr.get(`/events/${later}/qr`);
    expect(other.text).toContain('hanya tersedia pada hari apel atau kegiatan');
    expect(other.text).not.toContain('qr-box');
    expect((await hr.get('/events/99999/qr')).status).toBe(404);
    const op = await signIn(ctx.app, unit.operator.username);
    expect((await op.get(`/events/${id}/qr`)).status).toBe(403);
  });

  it("says check-in is off (and how to turn it on) for a unit without it, and that the screen is for today only", async () => {
    const off = await makeUnit(ctx.db, 1);
    const hr = await signIn(ctx.app, 'hr-screen');
    const page = await hr.get(screenUrl(off.opd.code));
    expect(page.text).toContain('belum memakai check-in');
    expect(page.text).toContain(`href="/opds/${off.opd.code}/edit"`);
    expect(page.text).not.toContain('qr-box');
    const op = await signIn(ctx.app, off.operator.username);
    const opPage = await op.get(screenUrl(off.opd.code));
    expect(opPage.text).toContain('Minta admin atau BKD/BKPSDM');
    expect(opPage.text).not.toContain('/edit"');
    const past = await hr.get(screenUrl(unit.opd.code, '2026-11-16'));
    expect(past.text).toContain('hanya tersedia pada hari apel');
    expect(past.text).not.toContain('qr-box');
    expect((await hr.get(screenUrl(unit.opd.code, '2026-11-24'))).status).toBe(404);
  });

  it('records the location inside the geofence; outside or without one waits for review', async () => {
    const inside = await checkIn(0, fenced, { lat: String(POINT.lat + 0.0005), lng: String(POINT.lng), accuracy: '12' });
    expect(inside.status).toBe(303);
    const outside = await checkIn(1, fenced, { lat: String(POINT.lat + 0.01), lng: String(POINT.lng), accuracy: '20' });
    expect(outside.status).toBe(303);
    const missing = await checkIn(2, fenced);
    expect(missing.status).toBe(303);
    const rows = await rowsOf(fenced.opd.id);
    expect(rows.map((r) => [r.place, r.review, r.review_reason])).toEqual([
      ['inside', null, null],
      ['outside', 'pending', 'outside'],
      ['missing', 'pending', 'no_location'],
    ]);
    expect(rows[0]).toMatchObject({ lat: POINT.lat + 0.0005, lng: POINT.lng, accuracy_m: 12 });
    expect(rows[2]).toMatchObject({ lat: null, lng: null });
  });

  it('refuses a location that is not a number with 422 and a clear message, recording nothing', async () => {
    for (const body of <Record<string, string>[]>[{ lat: 'abc', lng: '110' }, { lat: '-6.9', lng: '1e2' }, { lat: '95', lng: '110' }, { lat: '-6.9', lng: '' }, { lat: '-6.9', lng: '110.4', accuracy: 'jauh' }]) {
      const res = await checkIn(3, fenced, body);
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(res.text).toContain('Lokasi tidak valid');
    }
    expect((await rowsOf(fenced.opd.id)).filter((r) => r.employee_id === fenced.employees[3].id)).toEqual([]);
  });

  it('refuses outside the geofence when the setting says so', async () => {
    await upsertSetting(ctx.db, 'geofence_refuse', 'true', 'boolean', null);
    try {
      const res = await checkIn(3, fenced, { lat: String(POINT.lat + 0.01), lng: String(POINT.lng) });
      expect(res.status).toBe(403);
      expect(res.text).toContain('di luar area apel');
      expect((await rowsOf(fenced.opd.id)).filter((r) => r.employee_id === fenced.employees[3].id)).toEqual([]);
    } finally {
      await ctx.db.deleteFrom('settings').where('key', '=', 'geofence_refuse').execute();
    }
  });

  it('flags titip absen: a second employee from the same browser, and the earlier one', async () => {
    const device = 'AAAAAAAAAAAAAAAAAAAAAA';
    expect((await checkIn(0, unit, {}, device)).status).toBe(303);
    expect((await rowsOf(unit.opd.id))[0].review).toBeNull();
    expect((await checkIn(1, unit, {}, device)).status).toBe(303);
    expect((await checkIn(2, unit, {}, 'BBBBBBBBBBBBBBBBBBBBBB')).status).toBe(303);
    const rows = await rowsOf(unit.opd.id);
    expect(rows.map((r) => [r.employee_id, r.device, r.review, r.review_reason])).toEqual([
      [unit.employees[0].id, device, 'pending', 'same_device'],
      [unit.employees[1].id, device, 'pending', 'same_device'],
      [unit.employees[2].id, 'BBBBBBBBBBBBBBBBBBBBBB', null, null],
    ]);
  });

  it("lists a unit's check-ins for its operator, who accepts or rejects the pending ones (audited)", async () => {
    const op = await signIn(ctx.app, unit.operator.username);
    const list = await op.get(`/opd/${unit.opd.code}/sessions/${MONDAY}/check-ins`);
    expect(list.status).toBe(200);
    for (const e of unit.employees) expect(list.text).toContain(e.nip);
    expect(list.text).toContain('3 check-in, 2 menunggu pemeriksaan.');
    expect(list.text).toContain('perangkat yang sama dengan pegawai lain');
    const [first, second, third] = await rowsOf(unit.opd.id);
    const url = `/opd/${unit.opd.code}/sessions/${MONDAY}/check-ins`;
    expect((await op.post(`${url}/${first.id}`).type('form').send({ _csrf: op.csrf, decision: 'accept' })).status).toBe(303);
    expect((await op.post(`${url}/${second.id}`).type('form').send({ _csrf: op.csrf, decision: 'reject' })).status).toBe(303);
    // Not pending (never was, or decided already): nothing changes.
    expect((await op.post(`${url}/${third.id}`).type('form').send({ _csrf: op.csrf, decision: 'reject' })).status).toBe(409);
    expect((await op.post(`${url}/${second.id}`).type('form').send({ _csrf: op.csrf, decision: 'accept' })).status).toBe(409);
    expect((await op.post(`${url}/${first.id}`).type('form').send({ _csrf: op.csrf, decision: 'maybe' })).status).toBe(422);
    // Another unit's check-in through this unit's list: not found.
    const fencedRow = (await rowsOf(fenced.opd.id))[1];
    expect((await op.post(`${url}/${fencedRow.id}`).type('form').send({ _csrf: op.csrf, decision: 'accept' })).status).toBe(404);
    const rows = await rowsOf(unit.opd.id);
    expect(rows.map((r) => r.review)).toEqual(['accepted', 'rejected', null]);
    expect(rows[0].reviewed_by).toBe(unit.operator.id);
    const audit = await auditRows(ctx.db, 'check_in', first.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'accept', opd_id: unit.opd.id });
    expect(JSON.parse(audit[0].before!)).toMatchObject({ review: 'pending', review_reason: 'same_device' });
    expect((await ctx.db.selectFrom('check_ins').select('review').where('id', '=', fencedRow.id).executeTakeFirstOrThrow()).review).toBe('pending');
  });
});
