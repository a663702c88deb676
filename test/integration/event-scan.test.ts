import { cardKey, signCard } from '../../src/features/cards/card-code';
import { signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployeeAccount, makeUnit, makeUser } from '../support/factories';

/*
 * The officer's card scanner at an event (/events/:id/scan, src/features/checkin/scanner.ts):
 * today's event with check-in on; hr and admin record anyone the event expects, a unit's operator
 * only its own people; each card once, as a check-in of the event (method 'scan'); refusals
 * write nothing. Wednesday 25 November 2026, 10:00 WIB.
 */
const SECRET = 'kunci-sesi-uji-pindai-kartu-acara-32';
const NOW = '2026-11-25T03:00:00Z';
const TODAY = '2026-11-25';
const T0 = '2026-11-20T03:00:00Z';

type Unit = Awaited<ReturnType<typeof makeUnit>>;
type Signed = Agent & { csrf: string };

describe('card scan at an event', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });
  const key = cardKey(SECRET);
  let A: Unit;
  let B: Unit;
  let C: Unit;
  let hr: Signed;
  let hrId: number;
  let opA: Signed;
  const ids = { event: 0, yesterday: 0, off: 0 };
  const url = (id = ids.event) => `/events/${id}/scan`;

  const rows = () => ctx.db.selectFrom('check_ins').selectAll().orderBy('id').execute();
  const card = (id: number, version = 1) => signCard(key, id, version);
  const scan = (agent: Signed, body: Record<string, unknown>, to = url()) => agent.post(to).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send(body);

  async function insertEvent(date: string, units: number[], checkIn = 1) {
    const row = { kind: 'lainnya', title: `Upacara ${date}`, date, start_time: '07:30', place: 'Simpang Lima', mode: 'gabungan', all_units: 0, check_in: checkIn, created_at: T0, updated_at: T0 };
    const { id } = await ctx.db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow();
    await ctx.db.insertInto('event_units').values(units.map((opd_id) => ({ event_id: id, opd_id }))).execute();
    return id;
  }

  beforeAll(async () => {
    fixNow(NOW);
    [A, B, C] = [await makeUnit(ctx.db, 3), await makeUnit(ctx.db, 2), await makeUnit(ctx.db, 2)];
    ids.event = await insertEvent(TODAY, [A.opd.id, B.opd.id]);
    ids.yesterday = await insertEvent('2026-11-24', [A.opd.id, B.opd.id]);
    ids.off = await insertEvent(TODAY, [C.opd.id], 0);
    const hrUser = await makeUser(ctx.db, { role: 'hr' });
    hrId = hrUser.id;
    hr = await signIn(ctx.app, hrUser.username);
    opA = await signIn(ctx.app, A.operator.username);
  });
  afterAll(() => resetNow());
  beforeEach(() => fixNow(NOW));
  afterEach(async () => {
    await ctx.db.deleteFrom('check_ins').execute();
    await ctx.db.deleteFrom('employee_cards').execute();
  });

  it("shows today's scanner to hr and the operators of expected units, linked from the event page; others 403 or 404", async () => {
    const page = await hr.get(url());
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pindai kartu peserta acara');
    expect(page.text).toContain(`Upacara ${TODAY} · Simpang Lima`);
    expect(page.text).toContain(`<a href="/events/${ids.event}">Kembali ke acara</a>`);
    const data = JSON.parse(/<script type="application\/json" id="scan-data">([^<]*)<\/script>/.exec(page.text)![1]);
    expect(data).toMatchObject({ post: url(), search: `${url()}/people`, store: `ikrar.scan.event.${ids.event}`, csrf: hr.csrf });
    expect(data.text.nobody).toBe('Tidak ada peserta acara ini yang cocok.');

    // The event page links the scanner (and, for hr, the QR screen); yesterday's event has neither.
    const show = await hr.get(`/events/${ids.event}`);
    expect(show.text).toContain(`<a href="${url()}">Pindai kartu peserta</a>`);
    expect(show.text).toContain(`<a href="/events/${ids.event}/qr">Buka layar QR check-in</a>`);
    expect((await hr.get(`/events/${ids.yesterday}`)).text).not.toContain('Pindai kartu peserta');
    const operatorShow = await opA.get(`/events/${ids.event}`);
    expect(operatorShow.text).toContain(`<a href="${url()}">Pindai kartu peserta</a>`);
    expect(operatorShow.text).not.toContain('/qr"');

    expect((await opA.get(url())).status).toBe(200);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await sekda.get(url())).status).toBe(403);
    expect((await sekda.get(`/events/${ids.event}`)).text).not.toContain('Pindai kartu peserta');
    await makeEmployeeAccount(ctx.db, A.employees[2]);
    expect((await (await signIn(ctx.app, A.employees[2].nip)).get(url())).status).toBe(403);
    // C is not invited: its operator gets a 404, as for the event's page.
    const opC = await signIn(ctx.app, C.operator.username);
    expect((await opC.get(url())).status).toBe(404);
    expect((await opC.get(`/events/${ids.event}`)).status).toBe(404);
    // Not today, check-in off, no such event: no scanner.
    expect((await hr.get(url(ids.yesterday))).status).toBe(404);
    expect((await hr.get(url(ids.off))).status).toBe(404);
    expect((await hr.get(url(999999))).status).toBe(404);
    expect((await hr.get('/events/abc/scan')).status).toBe(404);
  });

  it('records a card once as a check-in of the event in the person\'s unit, then answers "already recorded"', async () => {
    const a = A.employees[0];
    const first = await scan(hr, { card: card(a.id), client_id: 'e1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ok: true, status: 'recorded', client_id: 'e1', name: a.name, nip: a.nip, time: '10:00' });
    expect(await rows()).toEqual([
      expect.objectContaining({ opd_id: A.opd.id, pledge_date: TODAY, event_id: ids.event, employee_id: a.id, method: 'scan', recorded_by: hrId, checked_in_at: NOW.replace('Z', '.000Z') }),
    ]);
    fixNow('2026-11-25T03:07:00Z');
    const again = await scan(opA, { card: card(a.id) });
    expect([again.status, again.body.status, again.body.message]).toEqual([200, 'already', `${a.name} sudah tercatat pukul 10:00.`]);
    expect((await scan(hr, { employee_id: a.id })).body.status).toBe('already');

    // B's person too, for hr; the event's review list shows both.
    expect((await scan(hr, { nip: B.employees[0].nip })).status).toBe(201);
    expect((await rows()).map((r) => [r.opd_id, r.event_id, r.employee_id])).toEqual([
      [A.opd.id, ids.event, a.id],
      [B.opd.id, ids.event, B.employees[0].id],
    ]);
    const list = await hr.get(`/events/${ids.event}/check-ins`);
    expect(list.text).toContain(a.name);
    expect(list.text).toContain(B.employees[0].name);
  });

  it("lets a unit's operator record only its own people: another invited unit's person is refused as not expected", async () => {
    expect((await scan(opA, { card: card(A.employees[1].id) })).status).toBe(201);
    for (const body of [{ card: card(B.employees[0].id) }, { employee_id: B.employees[0].id }, { nip: B.employees[1].nip }]) {
      const res = await scan(opA, body);
      expect([res.status, res.body.reason, res.body.message]).toEqual([422, 'not_expected', 'Ditolak: pegawai ini tidak termasuk peserta acara ini yang dapat Anda catat.']);
      expect(res.body).not.toHaveProperty('name');
    }
    // The search and the list of the page show only the own unit's people.
    expect((await scan(hr, { card: card(B.employees[0].id) })).status).toBe(201);
    expect((await opA.get(`${url()}/people?q=${B.employees[0].nip}`)).body.people).toEqual([]);
    const found = await opA.get(`${url()}/people?q=${encodeURIComponent('pegawai 0')}`);
    expect(found.body.people.map((p: { id: number }) => p.id)).toEqual(A.employees.map((e) => e.id));
    expect(found.body.people[1].checked_in_at).toBe('10:00');
    const page = await opA.get(url());
    expect(page.text).toContain('Tercatat hari ini: 1');
    expect(page.text).not.toContain(B.employees[0].name);
    expect((await hr.get(url())).text).toContain('Tercatat hari ini: 2');
    expect((await hr.get(`${url()}/people?q=${B.employees[0].nip}`)).body.people).toHaveLength(1);
    expect((await rows()).map((r) => r.employee_id)).toEqual([A.employees[1].id, B.employees[0].id]);
  });

  it('refuses people the event does not expect, forged and replaced cards, writing nothing', async () => {
    const c = C.employees[0];
    const notInvited = await scan(hr, { card: card(c.id) });
    expect([notInvited.status, notInvited.body.reason]).toEqual([422, 'not_expected']);
    const forged = await scan(hr, { card: `IKR1.${A.employees[0].id}.1.${'A'.repeat(22)}` });
    expect([forged.status, forged.body.reason]).toEqual([422, 'invalid_card']);
    expect(forged.body.message).toMatch(/^Kartu ditolak: kode tidak sah/);
    await ctx.db.insertInto('employee_cards').values({ employee_id: A.employees[0].id, version: 2, reissued_by: hrId, reissued_at: NOW }).execute();
    expect((await scan(hr, { card: card(A.employees[0].id, 1) })).body.reason).toBe('old_card');
    const empty = await scan(hr, {});
    expect([empty.status, empty.body.status]).toEqual([422, 'invalid']);
    expect(await rows()).toEqual([]);
    expect((await scan(hr, { card: card(A.employees[0].id, 2) })).status).toBe(201);
  });

  it('records a scan sent as a form (303 and a notice), refuses a form scan on the page (422), and a scan after the day', async () => {
    const a = A.employees[2];
    const form = await opA.post(url()).type('form').send({ _csrf: opA.csrf, employee_id: String(a.id) });
    expect([form.status, form.headers.location]).toEqual([303, url()]);
    expect((await opA.get(url())).text).toContain(`${a.name} tercatat hadir pukul 10:00.`);
    const refused = await opA.post(url()).type('form').send({ _csrf: opA.csrf, employee_id: String(B.employees[1].id) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Ditolak: pegawai ini tidak termasuk peserta acara ini');

    const late = await scan(hr, { card: card(A.employees[0].id) }, url(ids.yesterday));
    expect([late.status, late.body.reason, late.body.message]).toEqual([422, 'not_today', 'Ditolak: pemindaian hanya pada hari acara. Catat kehadiran di daftar hadir sesi unit.']);
    const lateForm = await hr.post(url(ids.yesterday)).type('form').send({ _csrf: hr.csrf, card: card(A.employees[0].id) });
    expect([lateForm.status, lateForm.headers.location]).toEqual([303, `/events/${ids.yesterday}`]);
    expect((await scan(hr, { card: card(C.employees[0].id) }, url(ids.off))).status).toBe(404);
    const noToken = await hr.post(url()).set('Accept', 'application/json').send({ card: card(A.employees[0].id) });
    expect(noToken.status).toBe(403);
    expect((await rows()).map((r) => r.employee_id)).toEqual([a.id]);
  });

  it('answers in English for an English user', async () => {
    const en = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: A.opd.id })).username);
    await en.post('/account/language').type('form').send({ _csrf: en.csrf, language: 'en' });
    const res = await scan(en, { card: card(B.employees[0].id) });
    expect(res.body.message).toBe('Refused: this employee is not among the participants of this event that you may record.');
    expect((await en.get(url())).text).toContain(`<a href="/events/${ids.event}">Back to the event</a>`);
  });
});
