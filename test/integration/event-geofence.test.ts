import { csrfOf, signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployeeAccount, makeUnit, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * An event's meeting point (titik kumpul) on its form: the same fields and rules as a unit's apel
 * point (src/features/checkin/geofence.schema.ts), stored in events.lat/lng/radius_m, shown on
 * the event page, audited, and applied to the self check-in of that event.
 * Wednesday 25 November 2026, 08:00 WIB.
 */
const SECRET = 'kunci-sesi-uji-titik-kumpul-acara-32';
const NOW = '2026-11-25T01:00:00Z';
const TODAY = '2026-11-25';
/** A square in Semarang; 0.001 degree of latitude is about 111 m. */
const POINT = { lat: -6.98462, lng: 110.40948 };
const LINK = /<p class="qr-link"><a href="([^"]+)">/;

type Unit = Awaited<ReturnType<typeof makeUnit>>;

describe('event meeting point', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET, PUBLIC_URL: 'https://ikrar.contoh.go.id' });
  let unit: Unit;
  let hr: Agent & { csrf: string };
  let eventId: number;

  const body = (over: Record<string, unknown> = {}) => ({
    _csrf: hr.csrf,
    kind: 'lainnya',
    title: 'Upacara Hari Guru',
    date: TODAY,
    start_time: '07:30',
    place: 'Simpang Lima',
    mode: 'gabungan',
    expected: 'chosen',
    units: [String(unit.opd.id)],
    check_in: '1',
    ...over,
  });
  const stored = async () => ctx.db.selectFrom('events').select(['lat', 'lng', 'radius_m', 'title']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const save = (over: Record<string, unknown>) => hr.post(`/events/${eventId}`).type('form').send(body(over));

  beforeAll(async () => {
    fixNow(NOW);
    unit = await makeUnit(ctx.db, 3);
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const created = await hr.post('/events').type('form').send(body({ lat: String(POINT.lat), lng: String(POINT.lng), radius_m: '150' }));
    expect(created.status).toBe(302);
    eventId = Number(created.headers.location.split('/').pop());
  });
  afterAll(() => resetNow());
  beforeEach(() => fixNow(NOW));

  it('sets the point with the event, shows it on the page and in the form, and audits it', async () => {
    expect(await stored()).toMatchObject({ lat: POINT.lat, lng: POINT.lng, radius_m: 150 });
    const page = await hr.get(`/events/${eventId}`);
    expect(page.text).toContain(`Titik kumpul check-in: ${POINT.lat}, ${POINT.lng} · radius 150 m`);
    const form = await hr.get(`/events/${eventId}/edit`);
    expect(form.text).toContain(`name="lat" inputmode="decimal" value="${POINT.lat}"`);
    expect(form.text).toContain('name="radius_m" inputmode="numeric" value="150"');
    const [create] = await auditRows(ctx.db, 'event', eventId);
    expect(JSON.parse(create.after!)).toMatchObject({ lat: POINT.lat, lng: POINT.lng, radius_m: 150 });
  });

  it('changes the point (a comma is a decimal point) and clears it, each change audited with before and after', async () => {
    expect((await save({ lat: '-6,99', lng: '110,42', radius_m: '300' })).status).toBe(302);
    expect(await stored()).toMatchObject({ lat: -6.99, lng: 110.42, radius_m: 300 });
    expect((await save({ lat: '', lng: '', radius_m: '' })).status).toBe(302);
    expect(await stored()).toMatchObject({ lat: null, lng: null, radius_m: null });
    expect((await hr.get(`/events/${eventId}`)).text).toContain('Check-in tanpa titik kumpul');

    const updates = (await auditRows(ctx.db, 'event', eventId)).filter((a) => a.action === 'update').slice(-2);
    expect(updates.map((a) => [JSON.parse(a.before!).radius_m, JSON.parse(a.after!).radius_m])).toEqual([
      [150, 300],
      [300, null],
    ]);
    expect(JSON.parse(updates[0].before!)).toMatchObject({ lat: POINT.lat, lng: POINT.lng });
    expect(JSON.parse(updates[0].after!)).toMatchObject({ lat: -6.99, lng: 110.42 });
    // Back to the point for the check-in tests below.
    expect((await save({ lat: String(POINT.lat), lng: String(POINT.lng), radius_m: '150' })).status).toBe(302);
  });

  it('refuses text, out-of-range values and an incomplete point with 422 and a message per field, changing nothing', async () => {
    const before = await stored();
    const audits = (await auditRows(ctx.db, 'event', eventId)).length;
    const cases: [Record<string, string>, string, string][] = [
      [{ lat: 'selatan', lng: '110.4', radius_m: '150' }, 'lat', 'Isi derajat desimal, mis. -6.9147'],
      [{ lat: '-95', lng: '110.4', radius_m: '150' }, 'lat', 'Isi derajat desimal'],
      [{ lat: '-6.9', lng: '181', radius_m: '150' }, 'lng', 'Isi derajat desimal'],
      [{ lat: '-6.9', lng: '110.4', radius_m: 'jauh' }, 'radius_m', 'Isi bilangan bulat 10 sampai 5000 meter.'],
      [{ lat: '-6.9', lng: '110.4', radius_m: '5' }, 'radius_m', 'Isi bilangan bulat 10 sampai 5000 meter.'],
      [{ lat: '-6.9', lng: '110.4', radius_m: '5001' }, 'radius_m', 'Isi bilangan bulat 10 sampai 5000 meter.'],
      [{ lat: '-6.9', lng: '', radius_m: '' }, 'lng', 'Isi lintang, bujur dan radius sekaligus, atau kosongkan ketiganya.'],
      [{ lat: '', lng: '', radius_m: '150' }, 'lat', 'Isi lintang, bujur dan radius sekaligus, atau kosongkan ketiganya.'],
      [{ lat: '', lng: '', radius_m: '150' }, 'radius_m', 'Isi lintang, bujur dan radius sekaligus, atau kosongkan ketiganya.'],
    ];
    for (const [point, field, message] of cases) {
      const res = await save({ ...point, title: 'Judul yang tidak boleh tersimpan' });
      expect([JSON.stringify(point), res.status]).toEqual([JSON.stringify(point), 422]);
      const error = new RegExp(`<[^>]+id="${field}-error"[^>]*>([^<]*)<`).exec(res.text);
      expect([JSON.stringify(point), error?.[1]]).toEqual([JSON.stringify(point), expect.stringContaining(message)]);
      // The user's input is shown again.
      if (point.lat) expect(res.text).toContain(`name="lat" inputmode="decimal" value="${point.lat}"`);
    }
    const created = await hr.post('/events').type('form').send(body({ date: '2026-11-26', lat: '-6.9' }));
    expect(created.status).toBe(422);
    expect(await stored()).toEqual(before);
    expect(await auditRows(ctx.db, 'event', eventId)).toHaveLength(audits);
    expect(Number((await ctx.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
  });

  it("holds a self check-in outside the event's radius, or without a location, for review; inside is accepted", async () => {
    async function checkIn(i: number, where: Record<string, string>) {
      const e = unit.employees[i];
      await makeEmployeeAccount(ctx.db, e);
      const screen = await hr.get(`/events/${eventId}/qr`);
      expect(screen.status).toBe(200);
      const path = new URL(LINK.exec(screen.text)![1]).pathname;
      const agent = await signIn(ctx.app, e.nip.toLowerCase());
      const page = await agent.get(path);
      return agent.post(path).type('form').send({ _csrf: csrfOf(page.text), ...where });
    }
    expect((await checkIn(0, { lat: String(POINT.lat + 0.0005), lng: String(POINT.lng), accuracy: '10' })).status).toBe(303);
    expect((await checkIn(1, { lat: String(POINT.lat + 0.01), lng: String(POINT.lng), accuracy: '10' })).status).toBe(303);
    expect((await checkIn(2, {})).status).toBe(303);
    const rows = await ctx.db.selectFrom('check_ins').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
    expect(rows.map((r) => [r.employee_id, r.method, r.place, r.review, r.review_reason])).toEqual([
      [unit.employees[0].id, 'self', 'inside', null, null],
      [unit.employees[1].id, 'self', 'outside', 'pending', 'outside'],
      [unit.employees[2].id, 'self', 'missing', 'pending', 'no_location'],
    ]);
  });
});
