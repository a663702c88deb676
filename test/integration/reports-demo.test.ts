import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { Settings } from 'luxon';
import { complianceSummary } from '../../src/features/compliance/compliance.service';
import { generateDemo } from '../../src/features/demo/seed';
import { buildMonthlyReport, employeeBatches, employeePage, resolveScope } from '../../src/features/reports/reports.service';
import { getSettings } from '../../src/features/settings/settings.repository';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeUser } from '../support/factories';
import { binary, pdfPageCount, pdfText, readXlsx, sheetRows } from '../support/reports-files';

/*
 * The report over a generated Pemda (the demo generator, small): its figures against the
 * dashboard's and against raw attendance rows, and the downloads at more than one page.
 */
const NOW = Date.parse('2026-11-24T03:00:00Z'); // Tuesday 10:00 WIB: this week's deadline is still ahead

describe('monthly report over a generated Pemda', () => {
  const ctx = useTestApp();
  let hr: Agent;

  beforeAll(async () => {
    Settings.now = () => NOW;
    await generateDemo(ctx.db, 'Asia/Jakarta', { employees: 360, opds: 5, weeks: 10, largestOpd: 150 });
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
  }, 60000);
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  async function report(month: string, opd?: string) {
    const scope = await resolveScope(ctx.db, { role: 'hr' } as never, { month, opd, format: 'html' }, 'Asia/Jakarta');
    return buildMonthlyReport(ctx.db, 'Asia/Jakarta', scope);
  }

  /** TK rows and people on submitted roll-calls of a month, straight from attendance. */
  async function raw(month: string) {
    const rows = await ctx.db
      .selectFrom('attendance as a')
      .innerJoin('sessions as s', 's.id', 'a.session_id')
      .select([
        sql<number>`count(distinct a.employee_id)`.as('people'),
        sql<number>`sum(case when a.status = 'TK' then 1 else 0 end)`.as('tk'),
        sql<number>`count(*)`.as('rows'),
      ])
      .where('s.state', '=', 'submitted')
      // The demo's weekday ceremony is of a kind not counted: its roll-calls are not in the month.
      .where('s.counted', '=', 1)
      .where('a.pledge_date', 'like', `${month}-%`)
      .executeTakeFirstOrThrow();
    return { people: Number(rows.people), tk: Number(rows.tk), rows: Number(rows.rows) };
  }

  it.each(['2026-10', '2026-11'])('agrees with the dashboard and with raw rows for %s', async (month) => {
    const r = await report(month);
    const dash = await complianceSummary(ctx.db, await getSettings(ctx.db), { period: 'month', date: `${month}-15`, timezone: 'Asia/Jakarta' });
    const h = dash.headline;
    expect([r.totals.expected, r.totals.onTime, r.totals.tk, r.totals.notLogged]).toEqual([h.expected, h.onTime, h.tk, h.overdue]);
    expect(r.totals.compliance).toBe(h.compliance);
    expect(r.totals.rate).toBe(h.rate);
    for (const o of dash.opds) {
      const u = r.units.find((x) => x.opd!.id === o.id)!;
      expect([u.expected, u.onTime, u.late, u.notLogged, u.tk, u.compliance, u.meanRate]).toEqual([
        o.figures.expectedWeeks,
        o.figures.onTime,
        o.figures.late,
        o.figures.overdue,
        o.figures.tk,
        o.figures.compliance,
        o.figures.meanRate,
      ]);
    }
    const counted = await raw(month);
    expect(r.totals.tk).toBe(counted.tk);
    expect(Object.values(r.totals.counts).reduce((a, b) => a + b, 0)).toBe(counted.rows);
    expect(r.totals.expected).toBeGreaterThan(0);
  });

  it('pages the employee table 50 at a time with next and previous links', async () => {
    const nips = (html: string) => [...html.matchAll(/<td class="nip">([^<]+)<\/td>/g)].map((m) => m[1]);
    const link = (html: string, rel: string) =>
      new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const first = await hr.get('/reports/monthly?month=2026-10');
    expect(nips(first.text)).toHaveLength(50);
    expect(link(first.text, 'prev')).toBeUndefined();
    const second = await hr.get(link(first.text, 'next')!);
    expect(second.status).toBe(200);
    expect(nips(second.text)).toHaveLength(50);
    expect(nips(second.text).filter((n) => nips(first.text).includes(n))).toEqual([]);
    const back = await hr.get(link(second.text, 'prev')!);
    expect(nips(back.text)).toEqual(nips(first.text));
  });

  it('lists in the CSV every person on a submitted roll-call once, with the same TK total', async () => {
    const res = await hr.get('/reports/monthly?month=2026-10&format=csv').buffer(true).parse(binary);
    const [header, ...records] = parse(res.body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    // The last record is the summary's total: its TK is the units' TK, the same number again.
    const data = records.slice(0, -1);
    const total = records[records.length - 1];
    const counted = await raw('2026-10');
    expect(total[2]).toBe('Jumlah ringkasan (semua unit dan kategori)');
    expect(Number(total[header.indexOf('TK')])).toBe(counted.tk);
    expect(data).toHaveLength(counted.people);
    expect(new Set(data.map((r) => r[1])).size).toBe(counted.people);
    expect(data.reduce((a, r) => a + Number(r[header.indexOf('TK')]), 0)).toBe(counted.tk);
  });

  it('gives the downloads, which read the month in one pass, the same rows as the screen pages', async () => {
    async function walked(r: Awaited<ReturnType<typeof report>>, opdId: number | null) {
      const out = [];
      for await (const batch of employeeBatches(ctx.db, r, opdId, 37)) out.push(...batch);
      return out;
    }
    const whole = await report('2026-10');
    const screen = (await employeePage(ctx.db, whole, {}, 100_000)).rows;
    expect(await walked(whole, null)).toEqual(screen);
    // The comparison covers transfers, year standing and open flags, not only plain rows.
    expect(screen.some((r) => r.units.length > 1)).toBe(true);
    expect(screen.some((r) => r.openStep !== null)).toBe(true);
    expect(screen.some((r) => r.yearTk > 0 && r.tk === 0)).toBe(true);
    for (const u of whole.units) {
      const one = await report('2026-10', u.opd!.code);
      expect(await walked(one, u.opd!.id)).toEqual((await employeePage(ctx.db, one, {}, 100_000)).rows);
    }
  });

  it('adds up each OPD sheet of the XLSX to that OPD on the summary sheet', async () => {
    const r = await report('2026-10');
    const wb = await readXlsx((await hr.get('/reports/monthly?month=2026-10&format=xlsx').buffer(true).parse(binary)).body);
    expect(wb.worksheets).toHaveLength(r.units.length + 2);
    const summary = sheetRows(wb.worksheets[0]);
    for (const u of r.units) {
      const rows = sheetRows(wb.getWorksheet(u.opd!.code)!);
      const total = rows.find((x) => x[2] === 'Jumlah')!;
      const line = summary.find((x) => x[1] === u.opd!.code)!;
      // statuses H..TK: columns 6-14 on an OPD sheet, 10-18 on the summary
      expect(total.slice(6, 15)).toEqual(line.slice(10, 19));
    }
  });

  it('breaks a long OPD across PDF pages with its header and name repeated', async () => {
    const res = await hr.get('/reports/monthly?month=2026-10&format=pdf').buffer(true).parse(binary);
    const pages = pdfPageCount(res.body);
    expect(pages).toBeGreaterThan(3);
    const text = pdfText(res.body);
    // Every page says whose table continues, but the summary page (signed), the first page of
    // the employee part, a page that starts a unit's table, and the page the flags start on.
    expect(text.match(/\(lanjutan\)/g)!.length).toBeGreaterThanOrEqual(pages - 4);
    // The employee table's header on every page but the first (summary) one.
    expect(text.match(/^Langkah disarankan$/gm)!.length).toBeGreaterThanOrEqual(pages - 1);
    expect(text).toContain(`Halaman ${pages} dari `);
  });
});
