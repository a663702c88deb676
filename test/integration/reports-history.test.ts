import { parse } from 'csv-parse/sync';
import { Settings } from 'luxon';
import request from 'supertest';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeEmployee, makeOpd, makeUser, transfer } from '../support/factories';
import { MARCH_NOW, type MarchScenario, seedMarch } from '../support/march-world';
import { binary } from '../support/reports-files';

describe('employee history CSV', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let hr: Agent;
  const csv = (agent: Agent, nip: string, query = 'year=2026') =>
    agent.get(`/employees/${nip}/history.csv?${query}`).buffer(true).parse(binary);
  const rows = (body: Buffer) => parse(body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'RPH');
    hr = await signIn(ctx.app, s.users.hr.username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('gives the year\'s pledge dates oldest first with unit, status, leave type and note', async () => {
    const res = await csv(hr, s.people.eko.nip);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`riwayat-apel-${s.people.eko.nip}-2026.csv`);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...data] = rows(res.body);
    expect(header).toEqual(['Tanggal', 'Kode OPD', 'OPD', 'Kode status', 'Status', 'Jenis cuti', 'Catatan', 'Sesi']);
    const byDate = new Map(data.map((r) => [r[0], r]));
    expect(byDate.get('2026-03-02')!.slice(1, 5)).toEqual([s.opds.a.code, s.opds.a.name, 'H', 'Hadir']);
    expect(byDate.get('2026-03-09')!.slice(3, 5)).toEqual(['TL', 'Terlambat']);
    expect(byDate.get('2026-03-16')!.slice(1, 4)).toEqual([s.opds.b.code, s.opds.b.name, 'TK']);
    expect(byDate.get('2026-03-30')![7]).toBe('Draf');
    expect(data.map((r) => r[0])).toEqual([...data.map((r) => r[0])].sort());
    expect(data.every((r) => r[0].startsWith('2026-'))).toBe(true);
  });

  it('names a cuti with its type in the status words, the same label as every page', async () => {
    await ctx.db.updateTable('attendance').set({ status: 'C', cuti_type: 'alasan_penting' }).where('employee_id', '=', s.people.eko.id).where('pledge_date', '=', '2026-03-02').execute();
    const data = rows((await csv(hr, s.people.eko.nip)).body);
    expect(data.find((r) => r[0] === '2026-03-02')!.slice(3, 6)).toEqual(['C', 'Cuti karena alasan penting', 'Cuti karena alasan penting']);
  });

  it('neutralises a note that a spreadsheet would run', async () => {
    await ctx.db.updateTable('attendance').set({ note: '@SUM(A1)' }).where('employee_id', '=', s.people.budi.id).where('pledge_date', '=', '2026-03-09').execute();
    const data = rows((await csv(hr, s.people.budi.nip)).body);
    expect(data.find((r) => r[0] === '2026-03-09')![6]).toBe("'@SUM(A1)");
  });

  it('lets an opd user export people of its unit, then or now, and no one else', async () => {
    const opdA = await signIn(ctx.app, s.users.opdA.username);
    const opdB = await signIn(ctx.app, s.users.opdB.username);
    expect((await csv(opdA, s.people.budi.nip)).status).toBe(200);
    expect((await csv(opdA, s.people.eko.nip)).status).toBe(200); // in RPHA until 16 March
    expect((await csv(opdB, s.people.eko.nip)).status).toBe(200); // in RPHB now
    expect((await csv(opdB, s.people.budi.nip)).status).toBe(404);
    expect((await csv(opdB, s.people.eko.nip, 'year=2025')).status).toBe(200); // not then, but now
    const elsewhere = await makeOpd(ctx.db);
    const stranger = await makeEmployee(ctx.db, { opdId: elsewhere.id });
    expect((await csv(opdA, stranger.nip)).status).toBe(404);
    const former = await makeEmployee(ctx.db, { opdId: s.opds.a.id });
    await transfer(ctx.db, former.id, elsewhere.id, '2025-01-01');
    expect((await csv(opdA, former.nip, 'year=2024')).status).toBe(200);
    expect((await csv(opdA, former.nip, 'year=2026')).status).toBe(404);
  });

  it('is readable by sekda, refuses bad years and unknown NIPs, and asks visitors to sign in', async () => {
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await csv(sekda, s.people.dewi.nip)).status).toBe(200);
    expect((await csv(hr, s.people.dewi.nip, 'year=abc')).status).toBe(422);
    expect((await csv(hr, s.people.dewi.nip, 'year=1890')).status).toBe(422);
    expect((await csv(hr, '199901012020011999')).status).toBe(404);
    const anon = await request(ctx.app).get(`/employees/${s.people.dewi.nip}/history.csv`);
    expect(anon.status).toBe(302);
  });

  it('defaults to the current year', async () => {
    const res = await hr.get(`/employees/${s.people.dewi.nip}/history.csv`);
    expect(res.headers['content-disposition']).toContain('-2026.csv');
  });
});
