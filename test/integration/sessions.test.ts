import { signIn, useTestApp } from '../support/app';
import { AFTER_DEADLINE, fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeAbsence, makeEmployee, makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/*
 * The session page and the roll-call as a browser without JavaScript uses them: read the form,
 * change the exceptions, post it back (docs/DESIGN.md, "Sessions and the roll-call").
 */
describe('session page and roll-call', () => {
  const ctx = useTestApp();
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  it('does a whole Monday without JavaScript: details, exceptions, draft, then submit', async () => {
    const { opd, employees, operator } = await makeUnit(ctx.db, 4);
    const [a, b, c, d] = employees;
    await makeAbsence(ctx.db, { employeeId: d.id, status: 'DL', from: '2026-11-20', to: '2026-11-25', ref: 'ST/77/2026' });
    const agent = await signIn(ctx.app, operator.username);

    const page = await agent.get(sessionUrl(opd.code));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Belum diisi');
    for (const e of employees) expect(page.text).toContain(e.name);
    expect(page.text).toContain('ST/77/2026');
    const fields = formFields(page.text);
    expect(fields[`status[${a.id}]`]).toBe('H');
    expect(fields[`status[${d.id}]`]).toBe('DL');
    expect(fields.version).toBe('0');

    const draft = await agent
      .post(sessionUrl(opd.code))
      .type('form')
      .send({ ...fields, pembina: 'Kepala Dinas', ikrar_reader: 'Sekretaris', [`status[${b.id}]`]: 'TK', [`status[${c.id}]`]: 'C:tahunan', [`note[${c.id}]`]: 'SK cuti 12', action: 'draft' });
    expect(draft.status).toBe(302);
    expect(draft.headers.location).toBe(`${sessionUrl(opd.code)}#roll-title`);

    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ state: 'draft', version: 1, pembina: 'Kepala Dinas', count_h: 1, count_tk: 1, count_c: 1, count_dl: 1, expected_count: 4 });
    const rows = await ctx.db.selectFrom('attendance').selectAll().where('session_id', '=', session.id).orderBy('employee_id').execute();
    expect(rows.map((r) => [r.employee_id, r.status, r.cuti_type])).toEqual([
      [a.id, 'H', null],
      [b.id, 'TK', null],
      [c.id, 'C', 'tahunan'],
      [d.id, 'DL', null],
    ]);
    expect(rows.every((r) => r.opd_id === opd.id && r.pledge_date === MONDAY)).toBe(true);
    expect(rows.find((r) => r.employee_id === d.id)!.planned_absence_id).not.toBeNull();
    expect(rows.find((r) => r.employee_id === c.id)!.note).toBe('SK cuti 12');
    // Drafts do not count towards an employee's TK record.
    expect(await ctx.db.selectFrom('employee_year_stats').selectAll().where('employee_id', '=', b.id).executeTakeFirst()).toBeUndefined();

    const again = await agent.get(sessionUrl(opd.code));
    expect(again.text).toContain('Draf');
    const saved = formFields(again.text);
    expect(saved[`status[${b.id}]`]).toBe('TK');
    expect(saved[`status[${c.id}]`]).toBe('C:tahunan');
    expect(saved.version).toBe('1');

    const submit = await agent.post(sessionUrl(opd.code)).type('form').send({ ...saved, action: 'submit' });
    expect(submit.status).toBe(302);
    const after = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ state: 'submitted', submitted_by: operator.id, late: 0, version: 2, compliant_count: 1, excused_count: 2 });
    expect(after.submitted_at).toBe('2026-11-23T03:00:00.000Z');
    expect(after.rate).toBeCloseTo(0.5); // 1 H of (4 - 2 excused)
    const stats = await ctx.db.selectFrom('employee_year_stats').selectAll().where('employee_id', '=', b.id).where('year', '=', 2026).executeTakeFirstOrThrow();
    expect(stats).toMatchObject({ tk_count: 1, tk_streak: 1, last_pledge_date: MONDAY });
    const shown = await agent.get(sessionUrl(opd.code));
    expect(shown.text).toContain('Terkirim');
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'session').where('entity_id', '=', String(session.id)).orderBy('id').execute();
    expect(audit.map((x) => x.action)).toEqual(['create', 'submit']);
    expect(JSON.parse(audit[0].after!).attendance).toEqual(
      expect.arrayContaining([expect.objectContaining({ employee_id: b.id, from: null, to: 'TK' })]),
    );
  });

  it('accepts the OPD code in any case', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 1);
    const agent = await signIn(ctx.app, operator.username);
    expect((await agent.get(sessionUrl(opd.code.toLowerCase()))).status).toBe(200);
  });

  it.each([
    ['a Tuesday', '2026-11-24'],
    ['a future Monday', '2026-11-30'],
    ['a date that does not exist', '2026-02-30'],
    ['garbage', 'kemarin'],
    ['a Monday before the unit existed', '2026-11-09'],
  ])('answers 404 for %s', async (_label, date) => {
    const { opd } = await makeUnit(ctx.db, 1, { active_from: '2026-11-10' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    expect((await agent.get(sessionUrl(opd.code, date))).status).toBe(404);
  });

  it('answers 404 after the unit was dissolved and for an unknown unit', async () => {
    const { opd } = await makeUnit(ctx.db, 1, { active_to: '2026-11-20' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    expect((await agent.get(sessionUrl(opd.code))).status).toBe(404);
    expect((await agent.get(sessionUrl(opd.code, '2026-11-16'))).status).toBe(200);
    expect((await agent.get(sessionUrl('TIDAKADA'))).status).toBe(404);
  });

  it('scopes the page: another unit is 404 for opd users, sekda reads but cannot write', async () => {
    const { opd, employees } = await makeUnit(ctx.db, 2);
    const other = await makeUnit(ctx.db, 1);
    const outsider = await signIn(ctx.app, other.operator.username);
    const page = await outsider.get(sessionUrl(opd.code));
    expect(page.status).toBe(404);
    expect(page.text).not.toContain(employees[0].name);
    const post = await outsider.post(sessionUrl(opd.code)).type('form').send({ _csrf: outsider.csrf, version: '0', action: 'draft' });
    expect(post.status).toBe(404);

    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const view = await sekda.get(sessionUrl(opd.code));
    expect(view.status).toBe(200);
    // Never saved: a reader is told so, not shown an empty roll-call (period-truth.test.ts).
    expect(view.text).toContain('Belum lapor.');
    expect(view.text).not.toContain('Kirim laporan');
    const fields = { _csrf: sekda.csrf, version: '0', held: '1', mode: 'langsung', start_time: '07:30', ikrar_version: '2024' };
    const write = await sekda.post(sessionUrl(opd.code)).type('form').send({ ...fields, action: 'submit' });
    expect(write.status).toBe(403);
    expect(await ctx.db.selectFrom('sessions').select('id').where('opd_id', '=', opd.id).executeTakeFirst()).toBeUndefined();
  });

  it('puts a person transferred on the pledge date on the new unit roll-call only, and on the old one the week before', async () => {
    const oldUnit = await makeUnit(ctx.db, 1);
    const newUnit = await makeUnit(ctx.db, 1);
    const mover = await makeEmployee(ctx.db, { opdId: oldUnit.opd.id, name: 'Pindah Tugas', from: '2020-01-01' });
    await ctx.db.updateTable('assignments').set({ end_date: MONDAY }).where('employee_id', '=', mover.id).execute();
    await ctx.db
      .insertInto('assignments')
      .values({ employee_id: mover.id, opd_id: newUnit.opd.id, start_date: MONDAY, end_date: null, created_at: '2026-11-20T00:00:00Z' })
      .execute();
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    expect((await hr.get(sessionUrl(newUnit.opd.code))).text).toContain('Pindah Tugas');
    expect((await hr.get(sessionUrl(oldUnit.opd.code))).text).not.toContain('Pindah Tugas');
    expect((await hr.get(sessionUrl(oldUnit.opd.code, '2026-11-16'))).text).toContain('Pindah Tugas');
    expect((await hr.get(sessionUrl(newUnit.opd.code, '2026-11-16'))).text).not.toContain('Pindah Tugas');
  });

  it('marks a late submission and then locks the session for the operator', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 2);
    const agent = await signIn(ctx.app, operator.username);
    const fields = formFields((await agent.get(sessionUrl(opd.code))).text);
    expect((await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, action: 'draft' })).status).toBe(302);

    fixNow(AFTER_DEADLINE);
    const draftPage = await agent.get(sessionUrl(opd.code));
    expect(draftPage.text).toContain('Kirim laporan'); // a draft past the deadline can still be submitted
    const late = await agent.post(sessionUrl(opd.code)).type('form').send({ ...formFields(draftPage.text), action: 'submit' });
    expect(late.status).toBe(302);
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ state: 'submitted', late: 1 });

    const locked = await agent.get(sessionUrl(opd.code));
    expect(locked.text).toContain('Terlambat');
    expect(locked.text).toContain(`action="${sessionUrl(opd.code)}/corrections"`);
    const refused = await agent.post(sessionUrl(opd.code)).type('form').send({ ...formFields(locked.text), pembina: 'Diam-diam', action: 'save' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Diam-diam');
    expect((await ctx.db.selectFrom('sessions').select('pembina').where('id', '=', session.id).executeTakeFirstOrThrow()).pembina).toBeNull();
  });

  it('locks a session submitted on time once the deadline passes; hr still edits it, audited as such', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 2);
    const agent = await signIn(ctx.app, operator.username);
    const fields = formFields((await agent.get(sessionUrl(opd.code))).text);
    await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, action: 'submit' });

    expect((await agent.get(sessionUrl(opd.code))).text).toContain('Terkirim');
    fixNow(AFTER_DEADLINE);
    const page = await agent.get(sessionUrl(opd.code));
    expect(page.text).toContain('Terkunci');
    expect((await agent.post(sessionUrl(opd.code)).type('form').send({ ...formFields(page.text), action: 'save' })).status).toBe(403);

    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const hrPage = await hr.get(sessionUrl(opd.code));
    expect(hrPage.text).toContain('Simpan perubahan');
    const edit = await hr.post(sessionUrl(opd.code)).type('form').send({ ...formFields(hrPage.text), location: 'Halaman kantor', action: 'save' });
    expect(edit.status).toBe(302);
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ location: 'Halaman kantor', state: 'submitted', late: 0, submitted_by: operator.id });
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'session').where('entity_id', '=', String(session.id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.action).toBe('hr_edit');
  });

  it('refuses the second of two saves based on the same version with 409 and shows its input again', async () => {
    const { opd, employees, operator } = await makeUnit(ctx.db, 2);
    const first = await signIn(ctx.app, operator.username);
    const second = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: opd.id })).username);
    const f1 = formFields((await first.get(sessionUrl(opd.code))).text);
    const f2 = formFields((await second.get(sessionUrl(opd.code))).text);
    expect((await first.post(sessionUrl(opd.code)).type('form').send({ ...f1, pembina: 'Pembina Pertama', action: 'draft' })).status).toBe(302);

    const res = await second
      .post(sessionUrl(opd.code))
      .type('form')
      .send({ ...f2, pembina: 'Pembina Kedua', [`status[${employees[0].id}]`]: 'TK', action: 'draft' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Orang lain sudah menyimpan daftar hadir ini lebih dulu');
    const shown = formFields(res.text);
    expect(shown.pembina).toBe('Pembina Kedua');
    expect(shown[`status[${employees[0].id}]`]).toBe('TK');
    expect(shown.version).toBe('1'); // saving again is a deliberate overwrite
    expect(res.text).toContain('rc-conflict');
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ pembina: 'Pembina Pertama', version: 1, count_tk: 0 });

    const overwrite = await second.post(sessionUrl(opd.code)).type('form').send({ ...shown, action: 'draft' });
    expect(overwrite.status).toBe(302);
    expect((await ctx.db.selectFrom('sessions').select('pembina').where('id', '=', session.id).executeTakeFirstOrThrow()).pembina).toBe('Pembina Kedua');
  });

  it('lets exactly one of two simultaneous first saves through; the other gets 409 and nothing is mixed', async () => {
    const { opd, employees, operator } = await makeUnit(ctx.db, 3);
    const a = await signIn(ctx.app, operator.username);
    const b = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const fa = formFields((await a.get(sessionUrl(opd.code))).text);
    const fb = formFields((await b.get(sessionUrl(opd.code))).text);
    const [ra, rb] = await Promise.all([
      a.post(sessionUrl(opd.code)).type('form').send({ ...fa, pembina: 'A', action: 'draft' }),
      b.post(sessionUrl(opd.code)).type('form').send({ ...fb, pembina: 'B', [`status[${employees[0].id}]`]: 'TK', action: 'draft' }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([302, 409]);
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    const winner = ra.status === 302 ? 'A' : 'B';
    expect(session).toMatchObject({ version: 1, pembina: winner, count_tk: winner === 'B' ? 1 : 0 });
    expect(await ctx.db.selectFrom('attendance').select('employee_id').where('session_id', '=', session.id).execute()).toHaveLength(3);
  });
});
