import { signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/*
 * The roll-call as a reader sees it: exceptions first, grouped by status, each name a link to the
 * employee, a server-side filter (a GET form) and the Hadir rows paged after them.
 */
describe('read-only roll-call', () => {
  const ctx = useTestApp();
  beforeAll(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  async function reportedUnit() {
    const unit = await makeUnit(ctx.db, 55);
    const operator = await signIn(ctx.app, unit.operator.username);
    const fields = formFields((await operator.get(sessionUrl(unit.opd.code))).text);
    const [, , tk1, , s1, , leave, tk2] = unit.employees;
    const changes = {
      [`status[${tk1.id}]`]: 'TK',
      [`status[${tk2.id}]`]: 'TK',
      [`status[${s1.id}]`]: 'S',
      [`note[${s1.id}]`]: 'Surat dokter',
      [`status[${leave.id}]`]: 'C:tahunan',
    };
    const saved = await operator.post(sessionUrl(unit.opd.code)).type('form').send({ ...fields, pembina: 'Kadis', ...changes, action: 'submit' });
    expect(saved.status).toBe(302);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    return { ...unit, sekda, tk: [tk1, tk2], sick: s1, leave };
  }

  it('lists the exceptions first, TK on top, with links to the employees, then a page of Hadir', async () => {
    const { opd, employees, sekda, tk, sick, leave } = await reportedUnit();
    const page = await sekda.get(sessionUrl(opd.code));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="status[');
    const at = (s: string) => page.text.indexOf(s);
    const firstHadir = employees.find((e) => ![...tk, sick, leave].includes(e))!;
    expect(at(tk[0].name)).toBeGreaterThan(0);
    expect(at(tk[1].name)).toBeLessThan(at(sick.name));
    expect(at(sick.name)).toBeLessThan(at(firstHadir.name));
    expect(page.text).toContain(`<a href="/employees/${tk[0].nip}">${tk[0].name}</a>`);
    expect(page.text).toContain('Surat dokter');
    // Every status in words (TL is Tugas Luar in many Pemda): groups, the filter, a cuti's kind.
    expect(page.text).toContain('TK · Tanpa keterangan (2)');
    expect(page.text).toContain('<option value="TL">TL · Terlambat</option>');
    expect(page.text).toMatch(new RegExp(`${leave.name}</a> <small>${leave.nip}</small> · Cuti tahunan<`));
    // 52 Hadir rows: 50 on the first page, the last two on the second.
    const last = employees[employees.length - 1];
    expect(page.text).not.toContain(last.name);
    expect(page.text).toContain(`href="${sessionUrl(opd.code)}?page&#x3D;2"`);
    const second = await sekda.get(`${sessionUrl(opd.code)}?page=2`);
    expect(second.text).toContain(last.name);
    expect(second.text).toContain(tk[0].name);
  });

  it('filters by status, by name and by NIP on the server; bad values fall back to everything', async () => {
    const { opd, employees, sekda, tk, sick } = await reportedUnit();
    const onlyTk = await sekda.get(sessionUrl(opd.code)).query({ status: 'TK' });
    expect(onlyTk.text).toContain(tk[0].name);
    expect(onlyTk.text).toContain(tk[1].name);
    expect(onlyTk.text).not.toContain(sick.name);
    expect(onlyTk.text).not.toContain(employees[0].name);
    expect(onlyTk.text).toMatch(/<option value="TK" selected>/);

    const byName = await sekda.get(sessionUrl(opd.code)).query({ q: sick.name.toUpperCase() });
    expect(byName.text).toContain(sick.name);
    expect(byName.text).not.toContain(tk[0].name);
    const byNip = await sekda.get(sessionUrl(opd.code)).query({ q: employees[54].nip });
    expect(byNip.text).toContain(employees[54].name);
    expect(byNip.text).not.toContain(employees[0].name);

    const bad = await sekda.get(sessionUrl(opd.code)).query({ status: 'XX', page: 'abc' });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain(tk[0].name);
    expect(bad.text).toContain(employees[0].name);
  });

  it('keeps the editable form for the operator', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 2);
    const agent = await signIn(ctx.app, operator.username);
    const page = await agent.get(sessionUrl(opd.code));
    expect(page.text).toContain('name="status[');
    expect(page.text).not.toContain('roll-readonly');
  });
});
