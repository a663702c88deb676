import { signIn, useTestApp } from '../support/app';
import { AFTER_DEADLINE, fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { ROLL_PAGE_SIZE } from '../../src/features/sessions/roll-call-list';
import { makeUnit } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/*
 * The roll-call of a big unit, page by page: without JavaScript the search and page buttons save
 * the rows on screen into the draft; the page's script saves drafts as JSON. See
 * src/features/sessions/roll-call-list.ts.
 */
describe('the roll-call in pages', () => {
  const ctx = useTestApp();
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  const rowIds = (html: string) => [...html.matchAll(/<li data-id="(\d+)"/g)].map((m) => Number(m[1])).filter((id) => id > 0);
  const sessionOf = (opdId: number) => ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opdId).executeTakeFirst();
  const rowsOf = (opdId: number) =>
    ctx.db.selectFrom('attendance').select(['employee_id', 'status']).where('opd_id', '=', opdId).where('status', '!=', 'H').orderBy('employee_id').execute();

  async function bigUnit(people = 120) {
    const unit = await makeUnit(ctx.db, people);
    const agent = await signIn(ctx.app, unit.operator.username);
    return { ...unit, agent, url: sessionUrl(unit.opd.code) };
  }

  it('shows one page of rows with counts for the whole unit, and every person as data for the script', async () => {
    const { agent, url } = await bigUnit();
    const page = await agent.get(url);
    expect(rowIds(page.text)).toHaveLength(ROLL_PAGE_SIZE);
    expect(page.text).toContain('<output data-count="H">120</output>');
    expect(page.text).toContain(`Halaman 1 dari ${Math.ceil(120 / ROLL_PAGE_SIZE)}`);
    const data = JSON.parse(/<script type="application\/json" id="rc-data">([^<]*)<\/script>/.exec(page.text)![1]);
    expect(data.rows).toHaveLength(120);
    // Statuses in words, one tap each for the common ones.
    expect(page.text).toContain('>Tanpa keterangan</label>');
    expect(page.text).toContain('>Cuti tahunan</label>');
  });

  it('keeps each page\'s choices in the draft when moving between pages without JavaScript', async () => {
    const { opd, agent, url } = await bigUnit();
    const first = await agent.get(url);
    const [a] = rowIds(first.text);
    const toPage2 = await agent.post(url).type('form').send({ ...formFields(first.text), [`status[${a}]`]: 'S', go: 'page:2' });
    expect(toPage2.status).toBe(302);
    expect(toPage2.headers.location).toBe(`${url}?page=2#roll-title`);
    expect(await sessionOf(opd.id)).toMatchObject({ state: 'draft', version: 1 });
    expect(await rowsOf(opd.id)).toEqual([{ employee_id: a, status: 'S' }]);

    const second = await agent.get(`${url}?page=2`);
    const [b] = rowIds(second.text);
    expect(rowIds(second.text)).not.toContain(a);
    await agent.post(url).type('form').send({ ...formFields(second.text), [`status[${b}]`]: 'TK', go: 'page:1' });
    // Back on page 1: the saved exceptions come first, chosen as saved; the counts follow.
    const again = await agent.get(url);
    expect(rowIds(again.text).slice(0, 2).sort()).toEqual([a, b].sort());
    expect(formFields(again.text)[`status[${a}]`]).toBe('S');
    expect(again.text).toContain('<output data-count="TK">1</output>');
    expect(again.text).toContain('Tersimpan: Sakit');

    // Moving again with nothing changed writes nothing.
    await agent.post(url).type('form').send({ ...formFields(again.text), go: 'page:3' });
    expect((await sessionOf(opd.id))!.version).toBe(2);
  });

  it('creates no draft when someone only pages through a roll-call never saved', async () => {
    const { opd, agent, url } = await bigUnit(60);
    const page = await agent.get(url);
    const res = await agent.post(url).type('form').send({ ...formFields(page.text), go: 'page:2' });
    expect(res.headers.location).toBe(`${url}?page=2#roll-title`);
    expect(await sessionOf(opd.id)).toBeUndefined();
  });

  it('searches by name or NIP as a plain form, and submits a whole roll-call from one page of matches', async () => {
    const { opd, employees, agent, url } = await bigUnit(60);
    const wanted = employees[41];
    const page = await agent.get(url);
    const search = await agent.post(url).type('form').send({ ...formFields(page.text), q: wanted.name, go: 'search' });
    expect(search.headers.location).toBe(`${url}?q=${encodeURIComponent(wanted.name).replace(/%20/g, '+')}#roll-title`);
    const found = await agent.get(`${url}?q=${encodeURIComponent(wanted.name)}`);
    expect(rowIds(found.text)).toEqual([wanted.id]);
    const byNip = await agent.get(`${url}?q=${wanted.nip.slice(-8)}`);
    expect(rowIds(byNip.text)).toContain(wanted.id);

    const submit = await agent.post(url).type('form').send({ ...formFields(found.text), [`status[${wanted.id}]`]: 'DL', action: 'submit' });
    expect(submit.status).toBe(302);
    expect(await sessionOf(opd.id)).toMatchObject({ state: 'submitted', expected_count: 60, count_h: 59, count_dl: 1 });
  });

  it('saves a draft for the page script as JSON, and refuses as JSON naming the row', async () => {
    const { opd, employees, agent, url } = await bigUnit(5);
    const fields = formFields((await agent.get(url)).text);
    const send = (body: Record<string, string>) => agent.post(url).type('form').set('Accept', 'application/json').send(body);
    const ok = await send({ ...fields, [`status[${employees[2].id}]`]: 'I', action: 'draft' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, version: 1, state: { code: 'draf', label: 'Draf' } });
    expect(await rowsOf(opd.id)).toEqual([{ employee_id: employees[2].id, status: 'I' }]);

    const bad = await send({ ...fields, version: '1', [`status[${employees[0].id}]`]: 'ZZ', action: 'draft' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[`attendance.${employees[0].nip}`]).toBe(`Status untuk NIP ${employees[0].nip} tidak dikenal.`);
    const stale = await send({ ...fields, version: '0', action: 'draft' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ ok: false, conflict: true });
    expect((await sessionOf(opd.id))!.version).toBe(1);
  });

  it('carries what was typed across pages of a locked roll-call, into one correction request', async () => {
    const { opd, agent, url } = await bigUnit(70);
    const first = await agent.get(url);
    await agent.post(url).type('form').send({ ...formFields(first.text), action: 'submit' });
    fixNow(AFTER_DEADLINE);
    const locked = await agent.get(url);
    const [a] = rowIds(locked.text);
    const moved = await agent.post(`${url}/corrections`).type('form').send({ ...formFields(locked.text), [`status[${a}]`]: 'S', reason: '', go: 'page:2' });
    expect(moved.status).toBe(200);
    expect(rowIds(moved.text)).not.toContain(a);
    expect(moved.text).toContain(`<input type="hidden" name="status[${a}]" value="S">`);
    const [b] = rowIds(moved.text);
    const filed = await agent.post(`${url}/corrections`).type('form').send({ ...formFields(moved.text), [`status[${b}]`]: 'TK', reason: 'Surat dokter menyusul' });
    expect(filed.status).toBe(302);
    const request = await ctx.db.selectFrom('correction_requests').select('changes').executeTakeFirstOrThrow();
    const changes = JSON.parse(request.changes).attendance.map((r: { employee_id: number; status: string }) => [r.employee_id, r.status]);
    expect(changes.sort()).toEqual([[a, 'S'], [b, 'TK']].sort());
    expect((await sessionOf(opd.id))!.version).toBe(1);
  });
});
