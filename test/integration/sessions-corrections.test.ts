import { signIn, useTestApp, type Agent } from '../support/app';
import { AFTER_DEADLINE, fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/* After the deadline: correction requests by the operator, approved or rejected by hr (docs/DESIGN.md, "Sessions and the roll-call"). */
describe('correction requests', () => {
  const ctx = useTestApp();
  afterAll(() => resetNow());

  /** A unit whose session was submitted on time and is now locked. */
  async function lockedSession(people = 3) {
    fixNow(MONDAY_MORNING);
    const unit = await makeUnit(ctx.db, people);
    const operator = await signIn(ctx.app, unit.operator.username);
    const fields = formFields((await operator.get(sessionUrl(unit.opd.code))).text);
    expect((await operator.post(sessionUrl(unit.opd.code)).type('form').send({ ...fields, action: 'submit' })).status).toBe(302);
    fixNow(AFTER_DEADLINE);
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', unit.opd.id).executeTakeFirstOrThrow();
    return { ...unit, operator, hr, session };
  }

  async function requestChange(operator: Agent, code: string, changes: Record<string, string>, reason = 'Surat tugas diterima terlambat') {
    const page = await operator.get(sessionUrl(code));
    return operator.post(`${sessionUrl(code)}/corrections`).type('form').send({ ...formFields(page.text), ...changes, reason });
  }

  const requestsOf = (sessionId: number) =>
    ctx.db.selectFrom('correction_requests').selectAll().where('session_id', '=', sessionId).orderBy('id').execute();
  const statusOf = async (sessionId: number, employeeId: number) =>
    (await ctx.db.selectFrom('attendance').select('status').where('session_id', '=', sessionId).where('employee_id', '=', employeeId).executeTakeFirstOrThrow()).status;

  it('files a request with only the changed rows, and hr approves it atomically and audited', async () => {
    const { opd, employees, operator, hr, session } = await lockedSession();
    const target = employees[1];
    const res = await requestChange(operator, opd.code, { [`status[${target.id}]`]: 'DL', [`note[${target.id}]`]: 'ST/9/2026' });
    expect(res.status).toBe(302);
    const [request] = await requestsOf(session.id);
    expect(request).toMatchObject({ state: 'pending', base_version: session.version, reason: 'Surat tugas diterima terlambat' });
    expect(JSON.parse(request.changes)).toEqual({ attendance: [{ employee_id: target.id, status: 'DL', cuti_type: null, note: 'ST/9/2026' }] });
    expect(await statusOf(session.id, target.id)).toBe('H');
    const page = await operator.get(sessionUrl(opd.code));
    expect(page.text).toContain('Menunggu');
    expect(page.text).toContain('Surat tugas diterima terlambat');

    const list = await hr.get('/corrections');
    expect(list.status).toBe(200);
    expect(list.text).toContain(opd.name);
    expect(list.text).toMatch(/\d+ menunggu keputusan/);
    const detail = await hr.get(`/corrections/${request.id}`);
    expect(detail.text).toContain(target.nip);
    expect(detail.text).toContain('DL');

    const approve = await hr.post(`/corrections/${request.id}/approve`).type('form').send({ _csrf: hr.csrf, note: '' });
    expect(approve.status).toBe(302);
    expect(await statusOf(session.id, target.id)).toBe('DL');
    const after = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ version: session.version + 1, count_dl: 1, count_h: 2, state: 'submitted', late: 0 });
    expect((await requestsOf(session.id))[0]).toMatchObject({ state: 'approved' });
    const actions = await ctx.db.selectFrom('audit_log').select(['entity', 'action']).where('opd_id', '=', opd.id).orderBy('id').execute();
    expect(actions.map((a) => `${a.entity}:${a.action}`)).toEqual(
      expect.arrayContaining(['correction_request:create', 'session:correction_apply', 'correction_request:approve']),
    );
    expect((await operator.get(sessionUrl(opd.code))).text).toContain('Disetujui');
  });

  it('lets hr reject a request with a note the operator then reads; a rejection needs a note', async () => {
    const { opd, employees, operator, hr, session } = await lockedSession();
    await requestChange(operator, opd.code, { [`status[${employees[0].id}]`]: 'S' });
    const [request] = await requestsOf(session.id);
    const bare = await hr.post(`/corrections/${request.id}/reject`).type('form').send({ _csrf: hr.csrf, note: '' });
    expect(bare.status).toBe(422);
    expect(bare.text).toContain('Wajib diisi');
    const res = await hr.post(`/corrections/${request.id}/reject`).type('form').send({ _csrf: hr.csrf, note: 'Tidak ada surat keterangan dokter' });
    expect(res.status).toBe(302);
    expect((await requestsOf(session.id))[0]).toMatchObject({ state: 'rejected', decision_note: 'Tidak ada surat keterangan dokter' });
    expect(await statusOf(session.id, employees[0].id)).toBe('H');
    const page = await operator.get(sessionUrl(opd.code));
    expect(page.text).toContain('Ditolak');
    expect(page.text).toContain('Tidak ada surat keterangan dokter');
    const twice = await hr.post(`/corrections/${request.id}/approve`).type('form').send({ _csrf: hr.csrf });
    expect(twice.status).toBe(409);
  });

  it('refuses to approve a request whose session changed since it was filed', async () => {
    const { opd, employees, operator, hr, session } = await lockedSession();
    await requestChange(operator, opd.code, { [`status[${employees[0].id}]`]: 'I' });
    const [request] = await requestsOf(session.id);
    const hrPage = await hr.get(sessionUrl(opd.code));
    await hr.post(sessionUrl(opd.code)).type('form').send({ ...formFields(hrPage.text), [`status[${employees[2].id}]`]: 'TK', action: 'save' });

    const res = await hr.post(`/corrections/${request.id}/approve`).type('form').send({ _csrf: hr.csrf });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Laporan sudah diubah setelah permintaan ini diajukan');
    expect((await requestsOf(session.id))[0].state).toBe('pending');
    expect(await statusOf(session.id, employees[0].id)).toBe('H');
    expect(await statusOf(session.id, employees[2].id)).toBe('TK');
  });

  it('refuses a request without a reason or without changes, and a second one while one is pending', async () => {
    const { opd, employees, operator, session } = await lockedSession();
    const noReason = await requestChange(operator, opd.code, { [`status[${employees[0].id}]`]: 'S' }, '');
    expect(noReason.status).toBe(422);
    expect(formFields(noReason.text)[`status[${employees[0].id}]`]).toBe('S');
    const noChange = await requestChange(operator, opd.code, {});
    expect(noChange.status).toBe(422);
    expect(noChange.text).toContain('Tidak ada perubahan dibanding laporan tersimpan.');
    expect((await requestChange(operator, opd.code, { [`status[${employees[0].id}]`]: 'S' })).status).toBe(302);
    const second = await requestChange(operator, opd.code, { [`status[${employees[1].id}]`]: 'S' });
    expect(second.status).toBe(422);
    expect(second.text).toContain('Masih ada permintaan koreksi yang menunggu keputusan');
    expect(await requestsOf(session.id)).toHaveLength(1);
  });

  it('keeps the queue to hr and admin, and a request to the own unit while it is locked', async () => {
    const { opd, operator, session } = await lockedSession(1);
    expect((await operator.get('/corrections')).status).toBe(403);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await sekda.get('/corrections')).status).toBe(403);
    const outsider = await signIn(ctx.app, (await makeUnit(ctx.db, 1)).operator.username);
    const res = await outsider.post(`${sessionUrl(opd.code)}/corrections`).type('form').send({ _csrf: outsider.csrf, version: String(session.version), reason: 'x' });
    expect(res.status).toBe(404);

    fixNow(MONDAY_MORNING); // before the deadline the session is open: change it directly instead
    const open = await requestChange(operator, opd.code, {});
    expect(open.status).toBe(409);
    expect(open.text).toContain('Laporan ini belum terkunci');
  });
});
