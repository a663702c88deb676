import { Settings } from 'luxon';
import { saveSettings } from '../../src/features/settings/settings.service';
import { signIn, useTestApp, type Agent } from '../support/app';
import { MARCH_NOW, seedMarch, type MarchScenario } from '../support/march-world';

/*
 * Pages say only what is true of the period they show. March 2026, seen on 2 April: A missed
 * the 30th, B has only a draft for it, C (closed after 9 March) never reported its two weeks.
 */
function section(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  if (from < 0) throw new Error(`no ${start}`);
  return html.slice(from, html.indexOf(end, from));
}

describe('period views say only what is true', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let sekda: Agent;
  let hr: Agent;

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'PTV');
    sekda = await signIn(ctx.app, s.users.sekda.username);
    hr = await signIn(ctx.app, s.users.hr.username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  describe('the belum-lapor box', () => {
    it('on the month tab lists every unit with unreported weeks in the month, and never says "this week"', async () => {
      const res = await sekda.get('/dashboard?period=month&date=2026-03-15');
      const box = section(res.text, 'id="belum-title"', 'id="league"');
      expect(box).toContain('Belum lapor: Maret 2026');
      expect(box).not.toContain('minggu ini');
      expect(box).not.toContain('Semua OPD sudah');
      // C was not expected on the 30th, yet it still owes the 2nd and the 9th.
      expect(box).toContain(`${s.opds.c.name}</a>`);
      expect(box).toContain(`/opd/${s.opds.c.code}/sessions/2026-03-02`);
      expect(box).toContain(`/opd/${s.opds.c.code}/sessions/2026-03-09`);
      expect(box).toContain(`/opd/${s.opds.a.code}/sessions/2026-03-30`);
      expect(box).toContain(`/opd/${s.opds.b.code}/sessions/2026-03-30`);
      expect(box).not.toContain(`/opd/${s.opds.a.code}/sessions/2026-03-02`);
    });

    it('on the year tab says so for the year', async () => {
      const box = section((await sekda.get('/dashboard?period=year&date=2026-03-15')).text, 'id="belum-title"', 'id="league"');
      expect(box).toContain('Belum lapor: Tahun 2026');
      expect(box).toContain(`/opd/${s.opds.c.code}/sessions/2026-03-09`);
    });

    it('for a past week names that week, not "this week"', async () => {
      const res = await sekda.get('/dashboard?period=week&date=2026-03-09');
      const box = section(res.text, 'id="belum-title"', 'id="league"');
      expect(box).toContain('Belum lapor apel 9 Mar 2026');
      expect(box).not.toContain('minggu ini');
      expect(res.text).not.toContain('tepat waktu minggu ini');
      expect(box).toContain(`${s.opds.c.name}</a>`);
    });
  });

  describe('a session never reported', () => {
    it('reads "belum lapor" for a read-only viewer, with no form and no counts', async () => {
      const res = await sekda.get(`/opd/${s.opds.c.code}/sessions/2026-03-09`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Belum lapor.');
      expect(res.text).toContain('belum mengisi laporan apel ini');
      expect(res.text).not.toContain('id="session-form"');
      expect(res.text).not.toContain('Dilaksanakan');
    });

    it('opens as a form to fill in for hr, who may report on behalf of the unit', async () => {
      const res = await hr.get(`/opd/${s.opds.c.code}/sessions/2026-03-09`);
      expect(res.text).toContain('id="session-form"');
      expect(res.text).not.toMatch(/<fieldset class="plain" disabled>/);
      expect(res.text).not.toContain('Belum lapor.');
    });

    it('still shows a submitted one to the same reader', async () => {
      const res = await sekda.get(`/opd/${s.opds.a.code}/sessions/2026-03-02`);
      expect(res.text).toContain('id="session-form"');
      expect(res.text).not.toContain('Belum lapor.');
    });
  });

  describe('the TK figure', () => {
    it('links to the TK list of exactly the period it counts, and that list has as many lines', async () => {
      const week = await sekda.get('/dashboard?period=week&date=2026-03-09');
      const tk = /<a class="figure" href="([^"]*)">\s*<span class="figure-label">Tanpa keterangan \(TK\)<\/span>\s*<span class="figure-value">(\d+)</.exec(week.text);
      expect(tk?.[1]).toBe('/flags/tk?from&#x3D;2026-03-09&amp;to&#x3D;2026-03-15');
      expect(tk?.[2]).toBe('1');
      const list = await sekda.get('/flags/tk?from=2026-03-09&to=2026-03-15');
      expect(list.status).toBe(200);
      const rows = section(list.text, '<tbody>', '</tbody>');
      expect(rows.match(/<tr>/g)).toHaveLength(1);
      expect(rows).toContain(s.people.formula.nip);
      expect(rows).toContain(`/opd/${s.opds.a.code}/sessions/2026-03-09`);
    });

    it('per unit in the league table, for the month', async () => {
      const month = await sekda.get('/dashboard?period=month&date=2026-03-15');
      expect(month.text).toContain(`/flags/tk?from&#x3D;2026-03-01&amp;to&#x3D;2026-03-31&amp;opd&#x3D;${s.opds.b.code}`);
      const list = await sekda.get(`/flags/tk?from=2026-03-01&to=2026-03-31&opd=${s.opds.b.code}`);
      // Dewi and Eko on the 16th, in B.
      expect(section(list.text, '<tbody>', '</tbody>').match(/<tr>/g)).toHaveLength(2);
    });

    it('refuses a range that ends before it starts, or a bad date, with 422', async () => {
      const bad = await sekda.get('/flags/tk?from=2026-03-31&to=2026-03-01');
      expect(bad.status).toBe(422);
      expect((await sekda.get('/flags/tk?from=2026-02-30&to=2026-03-01')).status).toBe(422);
    });

    it("shows an opd user only its own unit's TK", async () => {
      const opd = await signIn(ctx.app, s.users.opdA.username);
      const list = await opd.get(`/flags/tk?from=2026-03-01&to=2026-03-31&opd=${s.opds.b.code}`);
      const rows = section(list.text, '<tbody>', '</tbody>');
      expect(rows).not.toContain(s.people.dewi.nip);
      expect(rows.match(/<tr>/g)).toHaveLength(2);
    });
  });

  describe('the year view and the start_date setting', () => {
    const onTime = (html: string) => /figure-label">Laporan tepat waktu<\/span>\s*<span class="figure-value">([^<]*)</.exec(html)?.[1];
    afterAll(() => saveSettings(ctx.db, { system: 'test' }, { start_date: '' }));

    it('counts Mondays before the Pemda started using Ikrar as missed while no start is set', async () => {
      const res = await sekda.get('/dashboard?period=year&date=2026-03-15');
      const [done, expected] = onTime(res.text)!.split(' / ').map(Number);
      expect(done).toBe(5);
      expect(expected).toBeGreaterThan(10);
    });

    it('starts the year and the trend at start_date', async () => {
      await saveSettings(ctx.db, { system: 'test' }, { start_date: '2026-03-01' });
      const res = await sekda.get('/dashboard?period=year&date=2026-03-15');
      // A and B owe 2, 9, 16 and 30 March; C (closed after the 9th) the first two: 5 of 10 on time.
      expect(onTime(res.text)).toBe('5 / 10');
      const box = section(res.text, 'id="belum-title"', 'id="league"');
      expect(box).not.toContain('2026-02-');
      // The trend's weeks before the start are "not active", not red.
      const heat = section(res.text, 'class="heat-table"', '</table>');
      const row = heat.slice(heat.indexOf(s.opds.c.name));
      expect(row.slice(0, row.indexOf('</tr>'))).not.toMatch(/cell-red[^>]*title="[^"]*Feb/);
      expect(row.slice(0, row.indexOf('</tr>'))).toContain('cell-inactive');
    });

    it('leaves the monthly report of a month before the start empty of expected weeks', async () => {
      await saveSettings(ctx.db, { system: 'test' }, { start_date: '2026-03-01' });
      const res = await hr.get('/reports/monthly?month=2026-02');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('report-alert');
    });
  });
});
