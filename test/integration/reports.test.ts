import { Settings } from 'luxon';
import request from 'supertest';
import { complianceSummary } from '../../src/features/compliance/compliance.service';
import { buildMonthlyReport, employeePage, resolveScope, type MonthlyReport } from '../../src/features/reports/reports.service';
import { getSettings } from '../../src/features/settings/settings.repository';
import { signIn, useTestApp, type Agent } from '../support/app';
import { MARCH_NOW, type MarchScenario, seedMarch } from '../support/march-world';

/** The cells of the table row whose text contains `label`, tags stripped. */
function rowOf(html: string, label: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(label));
  if (!row) throw new Error(`no row with ${label}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('monthly report preview', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let hr: Agent;

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'RPV');
    hr = await signIn(ctx.app, s.users.hr.username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('opens on the previous month until the 5th, with the summary per OPD', async () => {
    const res = await hr.get('/reports/monthly');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bulan Maret 2026');
    // unit, expected, on time, late, not logged, not held, compliant weeks, attendance rate, TK
    expect(rowOf(res.text, s.opds.a.name)).toEqual([`${s.opds.a.name} ${s.opds.a.code}`, '4', '2', '1', '1', '1', '0%', '71,4%', '2']);
    expect(rowOf(res.text, s.opds.b.name)).toEqual([`${s.opds.b.name} ${s.opds.b.code}`, '4', '3', '0', '1', '0', '50%', '50%', '2']);
    // Closed after 9 March: only two weeks were expected of it.
    expect(rowOf(res.text, s.opds.c.name)).toEqual([`${s.opds.c.name} ${s.opds.c.code}`, '2', '0', '0', '2', '0', '0%', '–', '0']);
    // The summary's TK column is headed in words; the employee table's narrow code columns have the legend.
    expect(res.text).toContain('<th scope="col" class="num">Tanpa keterangan</th>');
    expect(res.text).toContain('H &#x3D; Hadir, HD &#x3D; Hadir daring, TL &#x3D; Terlambat');
    expect(res.text).toContain('jumlah hadir (Hadir, Terlambat, Hadir daring)');
  });

  it('switches to the current month from the 6th', async () => {
    Settings.now = () => Date.parse('2026-04-06T03:00:00Z');
    const res = await hr.get('/reports/monthly');
    Settings.now = () => MARCH_NOW;
    expect(res.text).toContain('Bulan April 2026');
  });

  it('lists employees with counts, rate, TPP deduction and open flag step; drafts do not count', async () => {
    const res = await hr.get('/reports/monthly?month=2026-03');
    const formula = rowOf(res.text, s.people.formula.nip);
    // NIP, name, unit, H HD TL DL S I C TB TK, rate, TPP, step
    expect(formula.slice(2)).toEqual([s.opds.a.code, '0', '0', '0', '0', '0', '0', '0', '0', '2', '0%', '4%', 'Teguran lisan']);
    expect(res.text).toContain('&#x3D;HYPERLINK(&quot;x&quot;)');
    const eko = rowOf(res.text, s.people.eko.nip);
    expect(eko[2]).toBe(`${s.opds.a.code} (02-03, 09-03) → ${s.opds.b.code} (16-03)`);
    expect(eko.slice(3, 12)).toEqual(['1', '0', '1', '0', '0', '0', '0', '0', '1']);
    expect(rowOf(res.text, s.people.dewi.nip).slice(3, 14)).toEqual(['2', '0', '0', '0', '0', '0', '0', '0', '1', '66,7%', '2%']);
    expect(res.text).toContain('Potongan TPP untuk setiap ketidakhadiran tanpa keterangan (TK): PNS, CPNS, PPPK 2%; PPPK paruh waktu, Non-ASN tidak berlaku');
    expect(res.text).toContain('kehadiran rendah di bawah 90% (kuning) dan 75% (merah); hadir daring dihitung hadir');
    expect(res.text).toContain('Mengetahui,');
  });

  it('narrows to one unit and one category', async () => {
    const res = await hr.get(`/reports/monthly?month=2026-03&opd=${s.opds.a.code.toLowerCase()}&category=PPPK`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(s.people.citra.nip);
    expect(res.text).not.toContain(s.people.budi.nip);
    expect(res.text).toContain(`Unit kerja: ${s.opds.a.name} (${s.opds.a.code})`);
    expect(() => rowOf(res.text, `${s.opds.b.name}</a>`)).toThrow();
  });

  it.each([
    ['month=2026-13', 'Bulan tidak valid (format TTTT-BB).'],
    ['month=2026-05', 'Bulan ini belum berjalan.'],
    ['category=PEGAWAI', 'Pilihan tidak dikenal.'],
    ['format=docx', 'Pilihan tidak dikenal.'],
  ])('refuses %s with 422 and the form kept', async (query, message) => {
    const res = await hr.get(`/reports/monthly?${query}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain('name="month"');
  });

  it('answers 404 for an unknown unit and sends visitors to sign in', async () => {
    expect((await hr.get('/reports/monthly?opd=TIDAKADA')).status).toBe(404);
    const anon = await request(ctx.app).get('/reports/monthly');
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toMatch(/^\/login/);
  });

  it.each(['admin', 'sekda'] as const)('shows %s every unit', async (role) => {
    const agent = await signIn(ctx.app, s.users[role].username);
    const res = await agent.get('/reports/monthly?month=2026-03');
    expect(res.status).toBe(200);
    for (const o of Object.values(s.opds)) expect(res.text).toContain(o.name);
  });

  it('shows an opd user its own unit only, and 404 for another', async () => {
    const opd = await signIn(ctx.app, s.users.opdA.username);
    const own = await opd.get('/reports/monthly?month=2026-03');
    expect(own.status).toBe(200);
    expect(own.text).toContain(s.opds.a.name);
    expect(own.text).not.toContain(s.opds.b.name);
    expect(own.text).not.toContain(s.people.dewi.nip);
    // Eko's rows in the other unit are not shown to this unit.
    expect(rowOf(own.text, s.people.eko.nip).slice(2, 11)).toEqual(['1', '0', '1', '0', '0', '0', '0', '0', '0']);
    expect(own.text).not.toContain('name="opd"');
    expect((await opd.get(`/reports/monthly?month=2026-03&opd=${s.opds.b.code}`)).status).toBe(404);
    expect((await opd.get(`/reports/monthly?month=2026-03&opd=${s.opds.a.code}`)).status).toBe(200);
  });

  describe('figures', () => {
    let report: MonthlyReport;
    beforeAll(async () => {
      const scope = await resolveScope(ctx.db, { role: 'hr' } as never, { month: '2026-03', format: 'html' }, 'Asia/Jakarta');
      report = await buildMonthlyReport(ctx.db, 'Asia/Jakarta', scope);
    });

    it('agree exactly with the dashboard for the same month', async () => {
      const settings = await getSettings(ctx.db);
      const dash = await complianceSummary(ctx.db, settings, { period: 'month', date: '2026-03-15', timezone: 'Asia/Jakarta' });
      const mine = report.units.filter((u) => dash.opds.some((o) => o.id === u.opd!.id));
      expect(mine.length).toBeGreaterThanOrEqual(3);
      for (const u of mine) {
        const f = dash.opds.find((o) => o.id === u.opd!.id)!.figures;
        expect([u.expected, u.onTime, u.late, u.notLogged, u.flaggedWeeks, u.tk]).toEqual([f.expectedWeeks, f.onTime, f.late, f.overdue, f.flaggedWeeks, f.tk]);
        expect(u.compliance).toBe(f.compliance);
        expect(u.meanRate).toBe(f.meanRate);
        expect(u.rate).toBe(f.rate);
      }
      const t = report.totals;
      const h = dash.headline;
      expect([t.expected, t.onTime, t.tk, t.notLogged]).toEqual([h.expected, h.onTime, h.tk, h.overdue]);
      expect(t.compliance).toBe(h.compliance);
      expect(t.rate).toBe(h.rate);
      expect(t.tk).toBe(4);
    });

    it('sum employee TK to the units TK (drafts excluded on both sides)', async () => {
      const page = await employeePage(ctx.db, report, {}, 100);
      expect(page.rows.reduce((a, r) => a + r.tk, 0)).toBe(report.totals.tk);
      expect(page.rows.reduce((a, r) => a + r.sessions, 0)).toBe(Object.values(report.totals.counts).reduce((a, b) => a + b, 0));
    });

    it('page the employees by name with keyset cursors both ways', async () => {
      const names = (p: { rows: { name: string }[] }) => p.rows.map((r) => r.name);
      const p1 = await employeePage(ctx.db, report, {}, 2);
      expect(names(p1)).toEqual(['=HYPERLINK("x")', 'Budi Santoso']);
      expect(p1.before).toBeNull();
      const p2 = await employeePage(ctx.db, report, { after: p1.after! }, 2);
      expect(names(p2)).toEqual(['Citra Lestari', 'Dewi Anggraini']);
      const p3 = await employeePage(ctx.db, report, { after: p2.after! }, 2);
      expect(names(p3)).toEqual(['Eko Prasetyo']);
      expect(p3.after).toBeNull();
      const back = await employeePage(ctx.db, report, { before: p3.before! }, 2);
      expect(names(back)).toEqual(names(p2));
      expect(back.after).toBe(p2.after);
    });
  });
});
