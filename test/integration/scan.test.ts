import { DateTime } from 'luxon';
import { cardKey, signCard } from '../../src/features/cards/card-code';
import { scanTime } from '../../src/features/checkin/scan.service';
import { signIn, useTestApp } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeAbsence, makeEmployee, makeEmployeeAccount, makeUnit, makeUser, transfer } from '../support/factories';

/*
 * The officer's card scan (src/features/checkin/scan.*): the page of today's apel, one scan per
 * card or person recorded once as a check-in (method 'scan'), every refusal with its reason and
 * nothing written, the lost-card search, bounded and rate-limited posts.
 * Monday 23 November 2026, 10:00 WIB.
 */
const SECRET = 'kunci-sesi-uji-pindai-kartu-apel-32';
const NOW = '2026-11-23T03:00:00Z';
const TODAY = '2026-11-23';
const LAST_MONDAY = '2026-11-16';

describe('card scan at the apel', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });
  const key = cardKey(SECRET);
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let other: Awaited<ReturnType<typeof makeUnit>>;
  let op: Awaited<ReturnType<typeof signIn>>;
  let url: string;

  const rows = () => ctx.db.selectFrom('check_ins').selectAll().orderBy('id').execute();
  const card = (id: number, version = 1) => signCard(key, id, version);
  const scan = (body: Record<string, unknown>, agent = op) => agent.post(url).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send(body);

  beforeAll(async () => {
    fixNow(NOW);
    unit = await makeUnit(ctx.db, 4);
    other = await makeUnit(ctx.db, 2);
    op = await signIn(ctx.app, unit.operator.username);
    url = `/opd/${unit.opd.code}/sessions/${TODAY}/scan`;
  });
  afterAll(() => resetNow());
  beforeEach(() => fixNow(NOW));
  afterEach(async () => {
    await ctx.db.deleteFrom('check_ins').execute();
    await ctx.db.deleteFrom('employee_cards').execute();
  });

  it("shows today's scanner to the unit's operator and hr; sekda and employees 403, another unit 404, other dates 404", async () => {
    const page = await op.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pindai kartu apel');
    expect(page.text).toContain('<video id="scan-video"');
    expect(page.text).toContain('<script src="/static/js/scan.js" defer></script>');
    const data = JSON.parse(/<script type="application\/json" id="scan-data">([^<]*)<\/script>/.exec(page.text)![1]);
    expect(data).toMatchObject({ post: url, search: `${url}/people`, jsqr: '/static/vendor/jsQR.js' });
    expect(data.csrf).toBe(op.csrf);
    expect(data.text.waiting).toBe('Menunggu jaringan');

    // Today's session page links to it; last week's does not, nor does sekda's view of today.
    expect((await op.get(`/opd/${unit.opd.code}/sessions/${TODAY}`)).text).toContain(`<a href="${url}">Pindai kartu apel pegawai</a>`);
    expect((await op.get(`/opd/${unit.opd.code}/sessions/${LAST_MONDAY}`)).text).not.toContain('Pindai kartu apel pegawai');

    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    expect((await hr.get(url)).status).toBe(200);
    expect((await hr.get(`/opd/${unit.opd.code.toLowerCase()}/sessions/${TODAY}/scan`)).status).toBe(200);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await sekda.get(url)).status).toBe(403);
    expect((await sekda.get(`/opd/${unit.opd.code}/sessions/${TODAY}`)).text).not.toContain('Pindai kartu apel pegawai');
    await makeEmployeeAccount(ctx.db, unit.employees[3]);
    expect((await (await signIn(ctx.app, unit.employees[3].nip)).get(url)).status).toBe(403);
    const stranger = await signIn(ctx.app, other.operator.username);
    expect((await stranger.get(url)).status).toBe(404);
    expect((await op.get(`/opd/${unit.opd.code}/sessions/${LAST_MONDAY}/scan`)).status).toBe(404);
    expect((await op.get(`/opd/${unit.opd.code}/sessions/2026-11-24/scan`)).status).toBe(404);
    expect((await op.get(`/opd/${unit.opd.code}/sessions/2026-11-30/scan`)).status).toBe(404);
  });

  it('serves the jsQR decoder from the app itself, and only that file', async () => {
    const res = await op.get('/static/vendor/jsQR.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('jsQR');
    expect((await op.get('/static/vendor/index.d.ts')).status).toBe(404);
  });

  it('records a card once: 201 with the name and time, then 200 "already recorded" and no second row', async () => {
    const e = unit.employees[0];
    const first = await scan({ card: card(e.id), client_id: 'a1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ok: true, status: 'recorded', client_id: 'a1', name: e.name, nip: e.nip, time: '10:00' });
    expect(first.body.message).toBe(`${e.name} tercatat hadir pukul 10:00.`);
    expect(await rows()).toEqual([
      expect.objectContaining({ opd_id: unit.opd.id, pledge_date: TODAY, event_id: null, employee_id: e.id, method: 'scan', recorded_by: unit.operator.id, checked_in_at: '2026-11-23T03:00:00.000Z' }),
    ]);

    fixNow('2026-11-23T03:05:00Z');
    // The same card from a second read, and the same scan sent again after a lost answer.
    for (const body of [{ card: card(e.id), client_id: 'a2' }, { card: card(e.id), client_id: 'a1' }]) {
      const again = await scan(body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ ok: true, status: 'already', client_id: body.client_id, time: '10:00' });
      expect(again.body.message).toBe(`${e.name} sudah tercatat pukul 10:00.`);
    }
    // Found by the search later, the same person is still one row.
    expect((await scan({ employee_id: e.id })).body.status).toBe('already');
    expect(await rows()).toHaveLength(1);
  });

  it('refuses forged, altered, cut and foreign texts as invalid cards, writing nothing', async () => {
    const good = card(unit.employees[0].id);
    const mac = good.split('.')[3];
    const flipped = mac.slice(0, 5) + (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6);
    const texts = [
      `IKR1.${unit.employees[0].id}.1.${flipped}`,
      `IKR1.${unit.employees[1].id}.1.${mac}`,
      good.slice(0, -1),
      unit.employees[0].nip,
      'https://contoh.go.id/',
      `IKR1.${unit.employees[0].id}.2.${mac}`,
    ];
    for (const text of texts) {
      const res = await scan({ card: text });
      expect([text, res.status, res.body.status, res.body.reason]).toEqual([text, 422, 'refused', 'invalid_card']);
      expect(res.body.message).toMatch(/^Kartu ditolak: kode tidak sah/);
    }
    expect(await rows()).toEqual([]);
  });

  it('refuses a card replaced by a newer one; the new card is accepted', async () => {
    const e = unit.employees[1];
    await ctx.db.insertInto('employee_cards').values({ employee_id: e.id, version: 2, reissued_by: unit.operator.id, reissued_at: NOW }).execute();
    const old = await scan({ card: card(e.id, 1) });
    expect([old.status, old.body.reason]).toEqual([422, 'old_card']);
    expect(old.body.message).toBe('Kartu ditolak: kartu ini sudah diganti dengan kartu baru.');
    expect(await rows()).toEqual([]);
    expect((await scan({ card: card(e.id, 2) })).status).toBe(201);
  });

  it('refuses people not expected at this unit today: another unit, moved out, out of service, not a required category, on CLTN', async () => {
    const leaver = await makeEmployee(ctx.db, { opdId: unit.opd.id });
    await transfer(ctx.db, leaver.id, other.opd.id, TODAY);
    const retired = await makeEmployee(ctx.db, { opdId: unit.opd.id, activeTo: '2026-11-22' });
    const honorer = await makeEmployee(ctx.db, { opdId: unit.opd.id, category: 'NON_ASN' });
    const cltn = await makeEmployee(ctx.db, { opdId: unit.opd.id });
    await makeAbsence(ctx.db, { employeeId: cltn.id, status: 'CLTN', from: '2026-01-01', to: '2026-12-31' });
    for (const e of [other.employees[0], leaver, retired, honorer, cltn]) {
      const res = await scan({ card: card(e.id) });
      expect([e.name, res.status, res.body.reason]).toEqual([e.name, 422, 'not_expected']);
      expect(res.body).not.toHaveProperty('name');
    }
    expect((await scan({ nip: other.employees[0].nip })).body.reason).toBe('not_expected');
    expect(await rows()).toEqual([]);

    // Moved in today: expected here from today on.
    const newcomer = await makeEmployee(ctx.db, { opdId: other.opd.id });
    await transfer(ctx.db, newcomer.id, unit.opd.id, TODAY);
    expect((await scan({ card: card(newcomer.id) })).status).toBe(201);
  });

  it('records a person by employee id (a form without script: 303 and a notice) or by a typed NIP', async () => {
    const [, , a, b] = unit.employees;
    const form = await op.post(url).type('form').send({ _csrf: op.csrf, employee_id: String(a.id) });
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe(url);
    const page = await op.get(url);
    expect(page.text).toContain(`${a.name} tercatat hadir pukul 10:00.`);
    expect(page.text).toContain('Tercatat hari ini: 1');
    const again = await op.post(url).type('form').send({ _csrf: op.csrf, employee_id: String(a.id) });
    expect(again.status).toBe(303);
    expect((await op.get(url)).text).toContain(`${a.name} sudah tercatat pukul 10:00.`);

    const typed = await scan({ nip: `${b.nip.slice(0, 8)} ${b.nip.slice(8, 14)} ${b.nip.slice(14)}` });
    expect([typed.status, typed.body.name]).toEqual([201, b.name]);
    expect((await rows()).map((r) => [r.employee_id, r.method])).toEqual([
      [a.id, 'scan'],
      [b.id, 'scan'],
    ]);
  });

  it('refuses a form scan with the reason on the page (422), and bad input with a message, writing nothing', async () => {
    const refused = await op.post(url).type('form').send({ _csrf: op.csrf, card: 'IKR1.1.1.xxxxxxxxxxxxxxxxxxxxxx' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Kartu ditolak: kode tidak sah');
    const empty = await op.post(url).type('form').send({ _csrf: op.csrf });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Isi kode kartu, NIP, atau pilih pegawai.');

    const e = unit.employees[0];
    const bad: [Record<string, unknown>, string, string][] = [
      [{}, 'card', 'Isi kode kartu, NIP, atau pilih pegawai.'],
      [{ card: card(e.id), employee_id: e.id }, 'card', 'Kirim satu saja: kode kartu, NIP, atau pegawai.'],
      [{ employee_id: 'satu' }, 'employee_id', ''],
      [{ employee_id: -4 }, 'employee_id', ''],
      [{ employee_id: '2147483648' }, 'employee_id', ''],
      [{ nip: '1234' }, 'nip', 'NIP terdiri dari 18 angka.'],
      [{ card: 'x'.repeat(201) }, 'card', 'Kode kartu terlalu panjang.'],
      [{ card: { nested: true } }, 'card', ''],
      [{ card: card(e.id), client_id: 'bukan id!' }, 'client_id', ''],
      [{ card: card(e.id), waited_s: -5 }, 'waited_s', ''],
    ];
    for (const [body, field, message] of bad) {
      const res = await scan(body);
      expect([JSON.stringify(body), res.status, res.body.status]).toEqual([JSON.stringify(body), 422, 'invalid']);
      expect(Object.keys(res.body.errors)).toEqual([field]);
      if (message) expect(res.body.message).toBe(message);
    }
    const array = await op.post(url).set('Accept', 'application/json').set('X-CSRF-Token', op.csrf).send([{ card: card(e.id) }]);
    expect(array.status).toBe(422);
    const broken = await op.post(url).set('Accept', 'application/json').set('X-CSRF-Token', op.csrf).set('Content-Type', 'application/json').send('{"card":');
    expect(broken.status).toBe(400);
    expect(await rows()).toEqual([]);
  });

  it('answers in English for an English user', async () => {
    const en = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unit.opd.id })).username);
    await en.post('/account/language').type('form').send({ _csrf: en.csrf, language: 'en' });
    const res = await scan({ card: 'IKR1.x' }, en);
    expect(res.body.message).toBe('Card refused: the code is not valid (forged, damaged, or not an apel card).');
    expect((await en.get(url)).text).toContain('Scan apel cards');
  });

  it('refuses without the CSRF token, a too large body and a scan sent after its day, writing nothing', async () => {
    const e = unit.employees[0];
    const noToken = await op.post(url).set('Accept', 'application/json').send({ card: card(e.id) });
    expect(noToken.status).toBe(403);
    const big = await scan({ card: card(e.id), padding: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    const lateUrl = `/opd/${unit.opd.code}/sessions/${LAST_MONDAY}/scan`;
    const late = await op.post(lateUrl).set('Accept', 'application/json').set('X-CSRF-Token', op.csrf).send({ card: card(e.id) });
    expect([late.status, late.body.reason]).toEqual([422, 'not_today']);
    const lateForm = await op.post(lateUrl).type('form').send({ _csrf: op.csrf, card: card(e.id) });
    expect([lateForm.status, lateForm.headers.location]).toEqual([303, `/opd/${unit.opd.code}/sessions/${LAST_MONDAY}`]);
    // Not a pledge date, or another unit's: no such apel.
    expect((await op.post(`/opd/${unit.opd.code}/sessions/2026-11-24/scan`).set('X-CSRF-Token', op.csrf).send({ card: card(e.id) })).status).toBe(404);
    const stranger = await signIn(ctx.app, other.operator.username);
    expect((await scan({ card: card(e.id) }, stranger)).status).toBe(404);
    expect(await rows()).toEqual([]);
  });

  it('records a scan that waited offline at the time it was made, by how long it waited', async () => {
    const [a, b] = unit.employees;
    fixNow('2026-11-23T03:30:00Z');
    const waited = await scan({ card: card(a.id), waited_s: 1800 });
    expect([waited.status, waited.body.time]).toEqual([201, '10:00']);
    // A wait reaching back past midnight (WIB) counts from the sending instead.
    const long = await scan({ card: card(b.id), waited_s: 40000 });
    expect([long.status, long.body.time]).toEqual([201, '10:30']);
    expect((await rows()).map((r) => r.checked_in_at)).toEqual(['2026-11-23T03:00:00.000Z', '2026-11-23T03:30:00.000Z']);
    expect(scanTime(DateTime.fromISO('2026-11-23T10:00:00Z'), 3600, TODAY, 'Asia/Jakarta')).toBe('2026-11-23T09:00:00.000Z');
    // A wait is counted up to 12 hours (17:00 WIB less 12 hours is still the same day).
    expect(scanTime(DateTime.fromISO('2026-11-23T10:00:00Z'), 999999, TODAY, 'Asia/Jakarta')).toBe('2026-11-22T22:00:00.000Z');
  });

  it('finds the unit expected people by name or NIP prefix, as JSON and as a page without script', async () => {
    const [a] = unit.employees;
    await scan({ card: card(a.id) });
    const byName = await op.get(`${url}/people?q=${encodeURIComponent('pegawai 0')}`).set('Accept', 'application/json');
    expect(byName.status).toBe(200);
    expect(byName.body.people.map((p: { name: string }) => p.name)).toEqual(unit.employees.map((e) => e.name));
    expect(byName.body.people[0]).toEqual({ id: a.id, nip: a.nip, name: a.name, position: 'Analis', checked_in_at: '10:00' });
    expect(byName.body.people[1].checked_in_at).toBeNull();
    const byNip = await op.get(`${url}/people?q=${unit.employees[2].nip.slice(0, 16)}`);
    expect(byNip.body.people.map((p: { id: number }) => p.id)).toEqual([unit.employees[2].id]);
    // Another unit's person is not found here; one letter searches nothing; a wildcard is a letter.
    expect((await op.get(`${url}/people?q=${other.employees[0].nip}`)).body.people).toEqual([]);
    expect((await op.get(`${url}/people?q=p`)).body.people).toEqual([]);
    expect((await op.get(`${url}/people?q=${encodeURIComponent('%%')}`)).body.people).toEqual([]);
    expect((await op.get(`${url}/people?q=${'x'.repeat(61)}`).set('Accept', 'application/json')).status).toBe(422);

    const page = await op.get(`${url}?q=${encodeURIComponent(unit.employees[1].name)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<input type="hidden" name="employee_id" value="${unit.employees[1].id}">`);
    expect(page.text).not.toContain(`name="employee_id" value="${unit.employees[2].id}"`);
    const nobody = await op.get(`${url}?q=tidak-ada-orang`);
    expect(nobody.text).toContain('Tidak ada pegawai unit ini yang cocok.');
  });
});

describe('card scan rate limit', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });

  beforeAll(() => fixNow(NOW));
  afterAll(() => resetNow());

  it('counts scans per user in the database and answers 429 past 120 a minute', async () => {
    const unit = await makeUnit(ctx.db, 1);
    const op = await signIn(ctx.app, unit.operator.username);
    const url = `/opd/${unit.opd.code}/sessions/${TODAY}/scan`;
    const send = () => op.post(url).set('Accept', 'application/json').set('X-CSRF-Token', op.csrf).send({ card: 'IKR1.bukan' });
    for (let i = 0; i < 120; i++) expect((await send()).status).toBe(422);
    const over = await send();
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number((await ctx.db.selectFrom('rate_limits').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'scan:%').executeTakeFirstOrThrow()).n)).toBe(1);
    // Another operator has a budget of their own.
    const second = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unit.opd.id })).username);
    expect((await second.post(url).set('Accept', 'application/json').set('X-CSRF-Token', second.csrf).send({ card: 'IKR1.bukan' })).status).toBe(422);
  });
});
