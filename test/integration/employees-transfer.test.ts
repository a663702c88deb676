import { Settings } from 'luxon';
import { employeeIdsInOpdOn } from '../../src/features/employees/assignments.repository';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';
import { assignmentsOf, auditRows } from '../support/reads';

describe('transfers (mutasi)', () => {
  const ctx = useTestApp();
  beforeAll(() => {
    Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  async function setup() {
    const from = await makeOpd(ctx.db, { active_from: '2016-01-01' });
    const to = await makeOpd(ctx.db, { active_from: '2016-01-01' });
    const e = await makeEmployee(ctx.db, { opdId: from.id, from: '2020-01-01' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    return { from, to, e, agent };
  }

  it('moves the person on the effective date: the old unit before it, the new unit from it', async () => {
    const { from, to, e, agent } = await setup();
    const res = await agent
      .post(`/employees/${e.nip}/transfer`)
      .type('form')
      .send({ _csrf: agent.csrf, opd_id: String(to.id), effective_date: '2026-12-07' });
    expect(res.status).toBe(302);
    expect(await assignmentsOf(ctx.db, e.id)).toEqual([
      { opd_id: from.id, start_date: '2020-01-01', end_date: '2026-12-07' },
      { opd_id: to.id, start_date: '2026-12-07', end_date: null },
    ]);
    // who is in each unit on the Mondays around the date
    expect(await employeeIdsInOpdOn(ctx.db, from.id, '2026-11-30')).toEqual([e.id]);
    expect(await employeeIdsInOpdOn(ctx.db, to.id, '2026-11-30')).toEqual([]);
    expect(await employeeIdsInOpdOn(ctx.db, from.id, '2026-12-06')).toEqual([e.id]);
    expect(await employeeIdsInOpdOn(ctx.db, from.id, '2026-12-07')).toEqual([]);
    expect(await employeeIdsInOpdOn(ctx.db, to.id, '2026-12-07')).toEqual([e.id]);
    expect(await employeeIdsInOpdOn(ctx.db, to.id, '2026-12-14')).toEqual([e.id]);

    const audit = await auditRows(ctx.db, 'employee', e.id);
    expect(audit).toMatchObject([{ action: 'transfer', opd_id: to.id }]);
    expect(JSON.parse(audit[0].after!)).toEqual({ opd: to.code, start_date: '2026-12-07' });

    // until the date the page still shows the old unit, with the new one marked upcoming
    const page = await agent.get(`/employees/${e.nip}`);
    expect(page.text).toContain(`<a href="/opds/${from.code}">${from.code} · ${from.name}</a>`);
    expect(page.text).toContain('akan datang');
  });

  it('never rewrites attendance already stored when dated in the past', async () => {
    const { from, to, e, agent } = await setup();
    const session = await makeSession(ctx.db, { opdId: from.id, date: '2026-11-02', submittedAt: '2026-11-02T02:00:00.000Z', roll: [[e.id, 'H']] });

    await agent
      .post(`/employees/${e.nip}/transfer`)
      .type('form')
      .send({ _csrf: agent.csrf, opd_id: String(to.id), effective_date: '2026-10-05' })
      .expect(302);
    const rows = await ctx.db.selectFrom('attendance').selectAll().where('employee_id', '=', e.id).execute();
    expect(rows).toEqual([expect.objectContaining({ session_id: session.id, opd_id: from.id, status: 'H' })]);
    // the stored roll-call stays; from the date on, expectations follow the new unit
    expect(await employeeIdsInOpdOn(ctx.db, to.id, '2026-11-02')).toEqual([e.id]);
  });

  it('refuses the same unit, a date not after the current assignment, and an unknown unit', async () => {
    const { from, e, agent } = await setup();
    const same = await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: String(from.id), effective_date: '2026-12-07' });
    expect(same.status).toBe(422);
    expect(same.text).toContain('Pegawai sudah berada di unit ini.');

    const other = await makeOpd(ctx.db);
    const early = await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: String(other.id), effective_date: '2020-01-01' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('Tanggal harus setelah mulai penugasan saat ini.');
    expect(early.text).toContain('value="2020-01-01"');

    const garbage = await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: 'x', effective_date: 'besok' });
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain('id="opd_id-error">Pilihan tidak dikenal.');
    expect(garbage.text).toContain('id="effective_date-error">Tanggal tidak valid');
    const unknown = await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: '999999', effective_date: '2026-12-07' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('id="opd_id-error">Pilihan tidak dikenal.');

    const closed = await makeOpd(ctx.db, { active_to: '2026-06-30' });
    const dead = await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: String(closed.id), effective_date: '2026-12-07' });
    expect(dead.status).toBe(422);
    expect(dead.text).toContain('Unit kerja ini tidak aktif pada tanggal tersebut.');

    expect(await assignmentsOf(ctx.db, e.id)).toEqual([{ opd_id: from.id, start_date: '2020-01-01', end_date: null }]);
    expect(await auditRows(ctx.db, 'employee', e.id)).toEqual([]);
  });

  it('lets the new unit’s operator see the person from the date, and the old one no longer', async () => {
    const { from, to, e, agent } = await setup();
    await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: String(to.id), effective_date: '2026-11-16' }).expect(302);
    const oldOp = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: from.id })).username);
    const newOp = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: to.id })).username);
    expect((await oldOp.get(`/employees/${e.nip}`)).status).toBe(404);
    expect((await newOp.get(`/employees/${e.nip}`)).status).toBe(200);
  });
});
