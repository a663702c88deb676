import { parseRollCallCsv } from '../../src/features/sessions/roll-call-import';
import { signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeEmployee, makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/* The roll-call from a fingerprint machine's CSV: all lines checked first, then shown for review. */
describe('roll-call CSV import', () => {
  const ctx = useTestApp();
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  const upload = (agent: Awaited<ReturnType<typeof signIn>>, code: string, csv: string) =>
    agent.post(`${sessionUrl(code)}/import`).field('_csrf', agent.csrf).attach('file', Buffer.from(csv, 'utf8'), 'absen.csv');

  it('lists every bad line and applies nothing', async () => {
    const { opd, employees, operator } = await makeUnit(ctx.db, 3);
    const elsewhere = (await makeUnit(ctx.db, 1)).employees[0];
    const agent = await signIn(ctx.app, operator.username);
    const csv = [
      'NIP,Status,Catatan',
      `${employees[0].nip},TK,`,
      '199901012020011999,H,',
      `${elsewhere.nip},H,`,
      `${employees[1].nip},XYZ,`,
      `${employees[0].nip},S,`,
      ',H,',
    ].join('\n');
    const res = await upload(agent, opd.code, csv);
    expect(res.status).toBe(422);
    // An unknown NIP and another unit's read the same: the file must not confirm who exists.
    expect(res.text).toContain('Baris 3: NIP 199901012020011999 tidak termasuk peserta apel unit ini');
    expect(res.text).toContain(`Baris 4: NIP ${elsewhere.nip} tidak termasuk peserta apel unit ini`);
    expect(res.text).toContain('Baris 5: Kode status &quot;XYZ&quot; tidak dikenal.');
    expect(res.text).toContain(`Baris 6: NIP ${employees[0].nip} muncul lebih dari sekali.`);
    expect(res.text).toContain('Baris 7: NIP kosong.');
    expect(res.text).not.toContain('Baris 2:');
    expect(await ctx.db.selectFrom('sessions').select('id').where('opd_id', '=', opd.id).executeTakeFirst()).toBeUndefined();
  });

  it('fills the form from a good file (BOM, semicolons, English headers) for review without saving it', async () => {
    const { opd, employees, operator } = await makeUnit(ctx.db, 3);
    const agent = await signIn(ctx.app, operator.username);
    const [a, b, c] = employees;
    const spaced = `${a.nip.slice(0, 8)} ${a.nip.slice(8, 14)} ${a.nip.slice(14, 15)} ${a.nip.slice(15)}`;
    const csv = `\uFEFFnip;CODE;Notes\r\n${spaced};tk;\r\n${b.nip};C:Tahunan;SK 5\r\n`;
    const res = await upload(agent, opd.code, csv);
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 baris dari berkas sudah diisikan ke formulir');
    const fields = formFields(res.text);
    expect(fields[`status[${a.id}]`]).toBe('TK');
    expect(fields[`status[${b.id}]`]).toBe('C:tahunan');
    expect(fields[`note[${b.id}]`]).toBe('SK 5');
    expect(fields[`status[${c.id}]`]).toBe('H');
    expect(await ctx.db.selectFrom('sessions').select('id').where('opd_id', '=', opd.id).executeTakeFirst()).toBeUndefined();

    const saved = await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, action: 'draft' });
    expect(saved.status).toBe(302);
    const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ count_tk: 1, count_c: 1, count_h: 1 });
  });

  it('refuses a file without the needed columns, an empty file and no file', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 1);
    const agent = await signIn(ctx.app, operator.username);
    const noColumns = await upload(agent, opd.code, 'nama,jabatan\nBudi,Staf\n');
    expect(noColumns.status).toBe(422);
    expect(noColumns.text).toContain('Kolom NIP dan status harus ada di baris judul.');
    expect((await upload(agent, opd.code, 'NIP;Status\n')).text).toContain('Berkas tidak berisi baris data.');
    const none = await agent.post(`${sessionUrl(opd.code)}/import`).field('_csrf', agent.csrf);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Pilih berkas CSV.');
  });

  it('keeps the import to those who may write the session', async () => {
    const { opd } = await makeUnit(ctx.db, 1);
    const outsider = await signIn(ctx.app, (await makeUnit(ctx.db, 1)).operator.username);
    expect((await outsider.get(`${sessionUrl(opd.code)}/import`)).status).toBe(404);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await upload(sekda, opd.code, 'NIP,Status\n1,H\n')).status).toBe(403);
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    expect((await hr.get(`${sessionUrl(opd.code)}/import`)).status).toBe(200);
  });

  it('parses quoted fields and reports the physical line of each record', async () => {
    const parsed = await parseRollCallCsv('NIP,Status,Keterangan\n\n"1","H","ada, koma"\n2,S,\n');
    expect(parsed).toEqual({
      lines: [
        { line: 3, nip: '1', status: 'H', note: 'ada, koma' },
        { line: 4, nip: '2', status: 'S', note: '' },
      ],
    });
  });

  it('accepts an employee of a category that must attend only', async () => {
    const { opd, operator } = await makeUnit(ctx.db, 1);
    const honorer = await makeEmployee(ctx.db, { opdId: opd.id, category: 'NON_ASN' });
    const agent = await signIn(ctx.app, operator.username);
    const res = await upload(agent, opd.code, `NIP,Status\n${honorer.nip},H\n`);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`NIP ${honorer.nip} tidak termasuk peserta apel`);
  });
});
