import request from 'supertest';
import { checkInKey, signCheckIn, slotOf, type CheckInTarget } from '../../src/features/checkin/check-in-token';
import { csrfOf, signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeEmployee, makeEmployeeAccount, makeUnit, transfer } from '../support/factories';

/*
 * Self check-in (docs/DESIGN.md, "Employees, check-in and events" and "Stable URLs"): an
 * employee opens /c/<token> from the rotating QR, sees who and what, and taps Hadir. Every
 * refusal records nothing.
 */
const SECRET = 'kunci-sesi-uji-check-in-yang-panjang-32';
const NOW_MS = Date.parse(MONDAY_MORNING);

describe('self check-in', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });
  const key = checkInKey(SECRET);
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let other: Awaited<ReturnType<typeof makeUnit>>;
  const token = (target: CheckInTarget, slot = slotOf(NOW_MS)) => signCheckIn(key, target, slot);
  const apel = (opdId = unit.opd.id, date = MONDAY): CheckInTarget => ({ kind: 'apel', opdId, date });

  const rows = () => ctx.db.selectFrom('check_ins').selectAll().orderBy('id').execute();
  async function employeeAgent(i: number, u = unit): Promise<Agent & { csrf: string }> {
    const e = u.employees[i];
    await makeEmployeeAccount(ctx.db, e).catch(() => undefined);
    return signIn(ctx.app, e.nip.toLowerCase());
  }
  async function confirm(agent: Agent, tok: string, body: Record<string, string> = {}) {
    const page = await agent.get(`/c/${tok}`);
    return agent.post(`/c/${tok}`).type('form').send({ _csrf: csrfOf(page.text), ...body });
  }

  beforeAll(async () => {
    fixNow(MONDAY_MORNING);
    unit = await makeUnit(ctx.db, 6);
    other = await makeUnit(ctx.db, 2);
    await ctx.db.updateTable('opds').set({ check_in: 1 }).where('id', 'in', [unit.opd.id, other.opd.id]).execute();
  });
  afterAll(() => resetNow());
  beforeEach(async () => {
    await ctx.db.deleteFrom('check_ins').execute();
  });

  it('sends a visitor who is not signed in to sign in, and back to the confirmation', async () => {
    const tok = token(apel());
    const res = await request(ctx.app).get(`/c/${tok}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/c/${tok}`)}`);
    const agent = request.agent(ctx.app);
    const login = await agent.get(res.headers.location);
    await makeEmployeeAccount(ctx.db, unit.employees[5]);
    const back = await agent.post('/login').type('form').send({ username: unit.employees[5].nip, password: 'uji-coba-rahasia-2026', _csrf: csrfOf(login.text), next: `/c/${tok}` });
    expect(back.headers.location).toBe(`/c/${tok}`);
  });

  it('tells staff that only employees check in (403), and records nothing', async () => {
    const op = await signIn(ctx.app, unit.operator.username);
    const res = await op.get(`/c/${token(apel())}`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Hanya pegawai yang dapat check-in');
    expect((await op.post(`/c/${token(apel())}`).type('form').send({ _csrf: op.csrf })).status).toBe(403);
    expect(await rows()).toEqual([]);
  });

  it('shows who and which apel on GET, changes nothing, and sets a device cookie', async () => {
    const agent = await employeeAgent(0);
    const res = await agent.get(`/c/${token(apel())}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(unit.employees[0].name);
    expect(res.text).toContain(unit.employees[0].nip);
    expect(res.text).toContain(`Apel pagi ${unit.opd.name}`);
    expect(res.text).toContain('>Hadir</button>');
    expect(String(res.headers['set-cookie'])).toMatch(/ikrar\.device=[A-Za-z0-9_-]{22}; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax/);
    expect(await rows()).toEqual([]);
  });

  it('records the tap: self, by the account, for the unit and date, once; a second tap shows the first time', async () => {
    const agent = await employeeAgent(1);
    const tok = token(apel());
    const res = await confirm(agent, tok, { employee_id: String(unit.employees[2].id) });
    expect(res.status).toBe(303);
    const [row] = await rows();
    expect(row).toMatchObject({ employee_id: unit.employees[1].id, opd_id: unit.opd.id, pledge_date: MONDAY, event_id: null, method: 'self', checked_in_at: '2026-11-23T03:00:00.000Z', place: null, review: null, lat: null });
    const account = await ctx.db.selectFrom('users').select('id').where('employee_id', '=', unit.employees[1].id).executeTakeFirstOrThrow();
    expect(row.recorded_by).toBe(account.id);
    const after = await agent.get(res.headers.location);
    expect(after.text).toContain('Hadir tercatat pukul 10.00');
    expect(after.text).toContain('Anda sudah tercatat hadir pukul 10.00');
    expect(after.text).not.toContain('>Hadir</button>');

    fixNow('2026-11-23T03:00:20Z');
    const again = await confirm(agent, token(apel(), slotOf(Date.parse('2026-11-23T03:00:20Z'))));
    expect(again.status).toBe(409);
    expect(again.text).toContain('Anda sudah check-in pukul 10.00');
    expect(await rows()).toHaveLength(1);
    fixNow(MONDAY_MORNING);
  });

  it('refuses forged, altered, expired and other-session tokens, recording nothing', async () => {
    const agent = await employeeAgent(2);
    const good = token(apel());
    const forged = signCheckIn(checkInKey('another-secret-another-secret-0000'), apel(), slotOf(NOW_MS));
    const altered = good.replace(`A${unit.opd.id}-`, `A${other.opd.id}-`);
    const cases: [string, number, string][] = [
      [forged, 400, 'Kode tidak sah'],
      [altered, 400, 'Kode tidak sah'],
      ['bukan-kode', 400, 'Kode tidak sah'],
      [token(apel(), slotOf(NOW_MS) - 2), 410, 'Kode sudah kedaluwarsa, pindai lagi.'],
      // Another unit's apel: a real token, but not this employee's.
      [token(apel(other.opd.id)), 403, 'tidak terdaftar'],
      // Last week's apel, signed in its own day: expired.
      [token(apel(unit.opd.id, '2026-11-16')), 410, 'kedaluwarsa'],
    ];
    for (const [tok, status, text] of cases) {
      const page = await agent.get(`/c/${encodeURIComponent(tok)}`);
      expect({ tok, status: page.status }).toEqual({ tok, status });
      expect(page.text).toContain(text);
      const post = await agent.post(`/c/${encodeURIComponent(tok)}`).type('form').send({ _csrf: agent.csrf });
      expect({ tok, status: post.status }).toEqual({ tok, status });
    }
    // The slot before now is still good: the screen changed while the phone was opening it.
    expect((await agent.get(`/c/${token(apel(), slotOf(NOW_MS) - 1)}`)).status).toBe(200);
    expect(await rows()).toEqual([]);
  });

  it("checks in to today's event an employee of an expected unit, once, apart from the apel; not another unit's", async () => {
    const event = { kind: 'apel_gabungan', title: 'Apel Gabungan HUT Korpri', date: MONDAY, start_time: '07:30', place: 'Alun-alun', mode: 'gabungan', all_units: 0, check_in: 1, created_at: MONDAY_MORNING, updated_at: MONDAY_MORNING };
    const id = (await ctx.db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow()).id;
    await ctx.db.insertInto('event_units').values({ event_id: id, opd_id: unit.opd.id }).execute();
    const yesterday = (await ctx.db.insertInto('events').values({ ...event, date: '2026-11-22' }).returning('id').executeTakeFirstOrThrow()).id;
    const agent = await employeeAgent(3);
    const tok = token({ kind: 'event', eventId: id });
    const page = await agent.get(`/c/${tok}`);
    expect(page.text).toContain('Apel Gabungan HUT Korpri');
    expect((await confirm(agent, tok)).status).toBe(303);
    expect((await confirm(agent, tok)).status).toBe(409);
    // The unit's own apel is another check-in.
    expect((await confirm(agent, token(apel()))).status).toBe(303);
    expect((await rows()).map((r) => [r.employee_id, r.event_id, r.opd_id])).toEqual([
      [unit.employees[3].id, id, unit.opd.id],
      [unit.employees[3].id, null, unit.opd.id],
    ]);
    const outsider = await employeeAgent(0, other);
    expect((await confirm(outsider, tok)).status).toBe(403);
    expect((await agent.get(`/c/${token({ kind: 'event', eventId: yesterday })}`)).status).toBe(410);
    expect((await agent.get(`/c/${token({ kind: 'event', eventId: 999999 })}`)).status).toBe(400);
    expect(await rows()).toHaveLength(2);
  });

  it('records many taps at once, more than the database pool has connections', async () => {
    const crowd = await makeUnit(ctx.db, 12);
    await ctx.db.updateTable('opds').set({ check_in: 1 }).where('id', '=', crowd.opd.id).execute();
    const agents = await Promise.all(crowd.employees.map((_, i) => employeeAgent(i, crowd)));
    const tok = token(apel(crowd.opd.id));
    // Each tap counts toward its limit inside the insert's transaction: with the counts on the
    // same pool, 12 transactions holding the test pool's 4 connections waited for a fifth.
    const answers = await Promise.all(agents.map((a) => a.post(`/c/${tok}`).type('form').send({ _csrf: a.csrf })));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(303));
    expect(await rows()).toHaveLength(12);
  });

  it("refuses an employee transferred away, and a unit that does not use check-in", async () => {
    const moved = await makeEmployee(ctx.db, { opdId: unit.opd.id, name: 'Pegawai Pindah' });
    await transfer(ctx.db, moved.id, other.opd.id, '2026-11-20');
    await makeEmployeeAccount(ctx.db, moved);
    const agent = await signIn(ctx.app, moved.nip.toLowerCase());
    const res = await agent.post(`/c/${token(apel())}`).type('form').send({ _csrf: agent.csrf });
    expect(res.status).toBe(403);
    const off = await makeUnit(ctx.db, 1);
    const offAgent = await employeeAgent(0, off);
    const res2 = await offAgent.post(`/c/${token(apel(off.opd.id))}`).type('form').send({ _csrf: offAgent.csrf });
    expect(res2.status).toBe(409);
    expect(res2.text).toContain('Check-in tidak digunakan');
    expect(await rows()).toEqual([]);
  });
});

describe('self check-in, rate limited', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });
  beforeAll(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  it('answers 429 past the per-user limit, before reading the token', async () => {
    const u = await makeUnit(ctx.db, 1);
    await makeEmployeeAccount(ctx.db, u.employees[0]);
    const agent = await signIn(ctx.app, u.employees[0].nip.toLowerCase());
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await agent.post('/c/bukan-kode').type('form').send({ _csrf: agent.csrf })).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('counts a recorded tap in the same limit, and past it refuses a valid code without recording it', async () => {
    const u = await makeUnit(ctx.db, 1);
    await ctx.db.updateTable('opds').set({ check_in: 1 }).where('id', '=', u.opd.id).execute();
    await makeEmployeeAccount(ctx.db, u.employees[0]);
    const agent = await signIn(ctx.app, u.employees[0].nip.toLowerCase());
    const tok = signCheckIn(checkInKey(SECRET), { kind: 'apel', opdId: u.opd.id, date: MONDAY }, slotOf(NOW_MS));
    const first = await agent.post(`/c/${tok}`).type('form').send({ _csrf: agent.csrf });
    expect(first.status).toBe(303);
    // 28 forged codes: with the recorded tap, 29 of the 30.
    for (let i = 0; i < 28; i++) expect((await agent.post('/c/bukan-kode').type('form').send({ _csrf: agent.csrf })).status).toBe(400);
    expect((await agent.post(`/c/${tok}`).type('form').send({ _csrf: agent.csrf })).status).toBe(409);
    await ctx.db.deleteFrom('check_ins').where('employee_id', '=', u.employees[0].id).execute();
    const past = await agent.post(`/c/${tok}`).type('form').send({ _csrf: agent.csrf });
    expect(past.status).toBe(429);
    expect(await ctx.db.selectFrom('check_ins').select('id').where('employee_id', '=', u.employees[0].id).execute()).toEqual([]);
  });
});
