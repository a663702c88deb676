import request from 'supertest';
import { rebuildRollups } from '../../src/features/compliance/rebuild';
import { getSettings } from '../../src/features/settings/settings.repository';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { csrfOf, signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeAbsence, makeCheckIn, makeUnit, makeUser, useCheckIn } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';
import { expectDocumented } from '../support/openapi-validate';

/*
 * README, "A Monday with check-in": when a unit uses check-in, the roll-call starts from the evidence. The apel
 * starts at 07:30 WIB with 10 minutes' grace (the defaults), so a check-in after 07:40 WIB
 * (00:40 UTC) is Terlambat; the clock is Monday 23 November 2026, 10:00 WIB.
 */
describe('the roll-call from check-in evidence', () => {
  const ctx = useTestApp();
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  const rollData = (html: string) => JSON.parse(/<script type="application\/json" id="rc-data">([^<]*)<\/script>/.exec(html)![1]) as { rows: unknown[][] };
  const valueOf = (html: string, id: number) => rollData(html).rows.find((r) => r[0] === id)![3];
  const rowsOf = (opdId: number) =>
    ctx.db.selectFrom('attendance').select(['employee_id', 'status', 'note']).where('opd_id', '=', opdId).orderBy('employee_id').execute();
  const sessionOf = (opdId: number) => ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opdId).executeTakeFirst();
  const at = (hhmmss: string) => `${MONDAY}T${hhmmss}.000Z`;

  /** Seven people: on time, late, planned sick, rejected check-in, nothing, exactly at the limit, pending review. */
  async function evidenceUnit() {
    const unit = await makeUnit(ctx.db, 7);
    await useCheckIn(ctx.db, unit.opd.id);
    const [e0, e1, e2, e3, e4, e5, e6] = unit.employees;
    const opdId = unit.opd.id;
    await makeCheckIn(ctx.db, { opdId, employeeId: e0.id, date: MONDAY, at: at('00:35:00') });
    await makeCheckIn(ctx.db, { opdId, employeeId: e1.id, date: MONDAY, at: at('00:41:00'), method: 'scan' });
    await makeAbsence(ctx.db, { employeeId: e2.id, status: 'S', from: MONDAY, to: MONDAY, ref: 'SKD/1' });
    await makeCheckIn(ctx.db, { opdId, employeeId: e3.id, date: MONDAY, at: at('00:30:00'), review: 'rejected' });
    await makeCheckIn(ctx.db, { opdId, employeeId: e5.id, date: MONDAY, at: at('00:40:00') });
    await makeCheckIn(ctx.db, { opdId, employeeId: e6.id, date: MONDAY, at: at('00:30:00'), review: 'pending' });
    const agent = await signIn(ctx.app, unit.operator.username);
    return { ...unit, agent, url: sessionUrl(unit.opd.code), e: [e0, e1, e2, e3, e4, e5, e6] };
  }

  it('pre-fills Hadir, Terlambat after start plus grace, planned absences, and "belum hadir" for the rest, first', async () => {
    const { agent, url, e } = await evidenceUnit();
    const page = await agent.get(url);
    expect(page.status).toBe(200);
    expect(e.map((p) => valueOf(page.text, p.id))).toEqual(['H', 'TL', 'S', '', '', 'H', 'H']);
    // "Belum hadir" leads the attention list and the bar.
    expect(rollData(page.text).rows.slice(0, 2).map((r) => r[0])).toEqual([e[3].id, e[4].id]);
    expect(page.text).toContain('<output data-count="BH">2</output>');
    expect(page.text).toContain('<output data-count="TL">1</output>');
    // The check-in in words (instance zone) and its method; a pending one says so.
    expect(page.text).toContain('Check-in 07:35 · mandiri');
    expect(rollData(page.text).rows.find((r) => r[0] === e[1].id)!.slice(7)).toEqual(['Check-in 07:41 · pindai kartu', 'TL']);
    expect(rollData(page.text).rows.find((r) => r[0] === e[6].id)![7]).toBe('Check-in 07:30 · mandiri · menunggu tinjauan');
    expect(rollData(page.text).rows.find((r) => r[0] === e[4].id)!.slice(7)).toEqual(['', 'N']);
    // No radio is chosen for a "belum hadir" row: the form sends nothing for it.
    expect(formFields(page.text)[`status[${e[3].id}]`]).toBeUndefined();
    expect(page.text).toContain('Tetapkan semua yang belum hadir menjadi Tanpa keterangan');
  });

  it('keeps "belum hadir" out of a draft, refuses to submit them with the count, and fills new check-ins on the next draw', async () => {
    const { opd, agent, url, e } = await evidenceUnit();
    const page = await agent.get(url);
    const draft = await agent.post(url).type('form').send({ ...formFields(page.text), action: 'draft' });
    expect(draft.status).toBe(302);
    // No row is stored for those still "belum hadir".
    expect((await rowsOf(opd.id)).map((r) => r.employee_id)).toEqual([e[0], e[1], e[2], e[5], e[6]].map((p) => p.id));

    const again = await agent.get(url);
    const refused = await agent.post(url).type('form').send({ ...formFields(again.text), action: 'submit' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Masih ada 2 pegawai belum hadir');
    expect((await sessionOf(opd.id))!.state).toBe('draft');

    // A check-in after the draft: the row still "belum hadir" fills in (07:50 WIB: Terlambat).
    await makeCheckIn(ctx.db, { opdId: opd.id, employeeId: e[4].id, date: MONDAY, at: at('00:50:00') });
    const later = await agent.get(url);
    expect(valueOf(later.text, e[4].id)).toBe('TL');
    expect(valueOf(later.text, e[3].id)).toBe('');
    expect(later.text).toContain('<output data-count="BH">1</output>');
  });

  it('sets everyone remaining to TK with one form button, then submits; the verified share agrees everywhere', async () => {
    const { opd, agent, url, e } = await evidenceUnit();
    await makeCheckIn(ctx.db, { opdId: opd.id, employeeId: e[4].id, date: MONDAY, at: at('00:50:00') });
    const page = await agent.get(url);
    const rest = await agent.post(url).type('form').send({ ...formFields(page.text), action: 'rest_tk' });
    expect(rest.status).toBe(302);
    expect((await agent.get(rest.headers.location)).text).toContain('Semua yang belum hadir ditetapkan Tanpa keterangan');
    expect((await rowsOf(opd.id)).find((r) => r.employee_id === e[3].id)).toMatchObject({ status: 'TK' });
    expect(await sessionOf(opd.id)).toMatchObject({ state: 'draft' });

    const ready = await agent.get(url);
    expect(ready.text).toContain('<output data-count="BH">0</output>');
    const sent = await agent.post(url).type('form').send({ ...formFields(ready.text), action: 'submit' });
    expect(sent.status).toBe(302);
    // H or TL: e0, e1, e4, e5 (verified) and e6 (pending: not verified) → 4 of 5.
    const session = (await sessionOf(opd.id))!;
    expect(session).toMatchObject({ state: 'submitted', count_h: 3, count_tl: 2, count_tk: 1, count_s: 1, count_verified: 4 });

    // The session page, the unit's home, the dashboard and the API say the same.
    expect((await agent.get(url)).text).toContain('Terverifikasi check-in: 4 dari 5 yang hadir (80%)');
    const home = await agent.get(`/opd/${opd.code}?period=week&date=${MONDAY}`);
    expect(home.text).toMatch(/Hadir terverifikasi check-in<\/dt><dd class="opd-verified">80% <small>\(4 \/ 5\)<\/small>/);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const dash = await sekda.get(`/dashboard?period=week&date=${MONDAY}`);
    const row = dash.text.slice(dash.text.indexOf(`<small>(${opd.code})</small></td>`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('<td class="num">80%<br><small>4 / 5</small></td>');
    expect(dash.text).toMatch(/figure-label">Terverifikasi check-in<\/span>\s*<span class="figure-value">/);

    const token = await makeToken(ctx.db, { role: 'sekda' });
    const api = await request(ctx.app).get(`/api/v1/opds/${opd.code}/sessions/${MONDAY}`).set(bearer(token));
    expectDocumented(api, '/opds/{code}/sessions/{date}', 'get');
    expect(api.body.session.totals).toMatchObject({ verified: 4, verified_share: 0.8 });
    const byNip = new Map(api.body.attendance.map((a: { nip: string; checked_in_at: string | null }) => [a.nip, a.checked_in_at]));
    expect(byNip.get(e[0].nip)).toBe(at('00:35:00'));
    expect(byNip.get(e[3].nip)).toBeNull(); // rejected: no evidence
    expect(byNip.get(e[2].nip)).toBeNull();
    const compliance = await request(ctx.app).get(`/api/v1/compliance?week=${MONDAY}`).set(bearer(token));
    expectDocumented(compliance, '/compliance', 'get');
    expect(compliance.body.opds.find((o: { code: string }) => o.code === opd.code)).toMatchObject({ present: 5, verified: 4, verified_share: 0.8 });

    // The rebuild from raw rows gives the stored count.
    await ctx.db.updateTable('sessions').set({ count_verified: 0 }).where('id', '=', session.id).execute();
    await rebuildRollups(ctx.db, await getSettings(ctx.db));
    expect((await sessionOf(opd.id))!.count_verified).toBe(4);

    // Accepting the pending check-in after the roll-call was sent moves the stored share with it.
    const pending = await ctx.db.selectFrom('check_ins').select('id').where('employee_id', '=', e[6].id).executeTakeFirstOrThrow();
    const list = await agent.get(`${url}/check-ins`);
    const verdict = await agent.post(`${url}/check-ins/${pending.id}`).type('form').send({ _csrf: csrfOf(list.text), decision: 'accept' });
    expect(verdict.status).toBe(303);
    expect((await sessionOf(opd.id))!.count_verified).toBe(5);
  });

  it('needs a reason for Hadir without a check-in and for changing a checked-in status; marks and audits them as manual', async () => {
    const unit = await makeUnit(ctx.db, 3);
    await useCheckIn(ctx.db, unit.opd.id);
    const [a, b, c] = unit.employees;
    await makeCheckIn(ctx.db, { opdId: unit.opd.id, employeeId: a.id, date: MONDAY, at: at('00:20:00') });
    const agent = await signIn(ctx.app, unit.operator.username);
    const url = sessionUrl(unit.opd.code);
    const page = await agent.get(url);
    const fields = formFields(page.text);

    const noReason = await agent.post(url).type('form').send({ ...fields, [`status[${b.id}]`]: 'H', action: 'draft' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain(`NIP ${b.nip} tidak check-in: isi alasan di catatan bila ditandai Hadir atau Terlambat.`);
    const changed = await agent.post(url).type('form').send({ ...fields, [`status[${b.id}]`]: 'H', [`note[${b.id}]`]: 'Hadir, ponsel tertinggal', [`status[${a.id}]`]: 'TK', action: 'draft' });
    expect(changed.status).toBe(422);
    expect(changed.text).toContain(`NIP ${a.nip} sudah check-in: isi alasan di catatan bila statusnya diubah.`);
    expect(await sessionOf(unit.opd.id)).toBeUndefined();

    const ok = await agent.post(url).type('form').send({
      ...fields,
      [`status[${b.id}]`]: 'H',
      [`note[${b.id}]`]: 'Hadir, ponsel tertinggal',
      [`status[${a.id}]`]: 'TK',
      [`note[${a.id}]`]: 'Pulang sebelum apel',
      action: 'draft',
    });
    expect(ok.status).toBe(302);
    expect(await rowsOf(unit.opd.id)).toEqual([
      { employee_id: a.id, status: 'TK', note: 'Pulang sebelum apel' },
      { employee_id: b.id, status: 'H', note: 'Hadir, ponsel tertinggal' },
    ]);
    const audit = await ctx.db.selectFrom('audit_log').select('after').where('entity', '=', 'session').where('opd_id', '=', unit.opd.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!).attendance).toEqual(
      expect.arrayContaining([
        { employee_id: b.id, nip: b.nip, from: null, to: 'H', manual: true, note: 'Hadir, ponsel tertinggal' },
        { employee_id: a.id, nip: a.nip, from: null, to: 'TK', manual: true, note: 'Pulang sebelum apel' },
      ]),
    );

    // The mark shows in the roll-call and in the read-only view; c is still "belum hadir".
    const shown = await agent.get(url);
    expect(shown.text.match(/<small class="rc-manual badge badge-amber">Isian manual<\/small>/g)).toHaveLength(2);
    expect(valueOf(shown.text, c.id)).toBe('');
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const readonly = await sekda.get(url);
    expect(readonly.text.match(/rc-manual badge badge-amber">Isian manual/g)).toHaveLength(2);
    expect(readonly.text).toContain('Check-in 07:20 · mandiri');
    expect(readonly.text).toMatch(/Belum hadir \(1\)/);

    // A stored row is not asked for its reason again when the page is saved unchanged.
    const resave = await agent.post(url).type('form').send({ ...formFields(shown.text), [`status[${c.id}]`]: 'I', action: 'draft' });
    expect(resave.status).toBe(302);
  });

  it('changes nothing for a unit without check-in: everyone starts Hadir and the rows carry no evidence', async () => {
    const unit = await makeUnit(ctx.db, 2);
    await makeCheckIn(ctx.db, { opdId: unit.opd.id, employeeId: unit.employees[0].id, date: MONDAY, at: at('00:50:00') });
    const agent = await signIn(ctx.app, unit.operator.username);
    const page = await agent.get(sessionUrl(unit.opd.code));
    expect(rollData(page.text).rows.map((r) => r.length)).toEqual([7, 7]);
    expect(rollData(page.text).rows.map((r) => r[3])).toEqual(['H', 'H']);
    expect(page.text).not.toContain('data-count="BH"');
    expect(page.text).not.toContain('<small class="rc-manual badge badge-amber">Isian manual</small>');
  });

  it("starts from the evidence in a unit without check-in when the roll-call is an event's that runs check-in", async () => {
    const unit = await makeUnit(ctx.db, 2);
    const now = `${MONDAY}T00:00:00.000Z`;
    const event = { kind: 'apel_gabungan', title: 'Apel gabungan', date: MONDAY, start_time: '07:30', place: 'Alun-alun', mode: 'gabungan', all_units: 1, check_in: 1, created_at: now, updated_at: now };
    const { id } = await ctx.db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow();
    await makeCheckIn(ctx.db, { opdId: unit.opd.id, employeeId: unit.employees[0].id, date: MONDAY, at: at('00:35:00'), eventId: id });
    const agent = await signIn(ctx.app, unit.operator.username);
    const page = await agent.get(sessionUrl(unit.opd.code));
    expect(unit.employees.map((p) => valueOf(page.text, p.id))).toEqual(['H', '']);
    expect(page.text).toContain('<output data-count="BH">1</output>');
  });
});
