import { Settings } from 'luxon';
import { complianceSummary } from '../../src/features/compliance/compliance.service';
import { employeeStep, unitFlags } from '../../src/features/compliance/rules';
import { generateDemo } from '../../src/features/demo/seed';
import { loadHolidayMap } from '../../src/features/holidays/holidays.service';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { deadlineOf, pledgeDatesBetween } from '../../src/lib/calendar';
import { signIn, useTestApp } from '../support/app';

/*
 * The dashboard reads rollups; this test recomputes its figures from the raw attendance rows
 * of a generated Pemda and expects the same numbers.
 */
const ZONE = 'Asia/Jakarta';
const NOW = '2026-11-24T06:00:00.000Z';
const S = DEFAULT_SETTINGS;

describe('dashboard figures equal figures computed from raw attendance rows', () => {
  const ctx = useTestApp();

  beforeAll(async () => {
    Settings.now = () => Date.parse(NOW);
    await generateDemo(ctx.db, ZONE, { employees: 300, opds: 8, weeks: 6 });
  }, 120_000);
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  async function raw(from: string, to: string) {
    const holidays = await loadHolidayMap(ctx.db, from, '2026-12-31');
    const dates = pledgeDatesBetween(from, to, holidays, S.holiday_policy);
    const opds = await ctx.db.selectFrom('opds').select(['id', 'code']).execute();
    const sessions = await ctx.db.selectFrom('sessions').selectAll().where('pledge_date', 'in', dates).execute();
    const rows = await ctx.db.selectFrom('attendance').select(['session_id', 'status']).where('pledge_date', 'in', dates).execute();
    const perOpd = new Map<string, { onTime: number; tk: number; flagged: number; expected: number; rates: number[] }>();
    let compliant = 0;
    let denominator = 0;
    for (const opd of opds) {
      const acc = { onTime: 0, tk: 0, flagged: 0, expected: dates.length, rates: [] as number[] };
      for (const date of dates) {
        const s = sessions.find((x) => x.opd_id === opd.id && x.pledge_date === date);
        const mine = s ? rows.filter((r) => r.session_id === s.id) : [];
        const n = (codes: string[]) => mine.filter((r) => codes.includes(r.status)).length;
        const c = n(['H', 'TL', 'HD']);
        const d = mine.length - n(['DL', 'S', 'I', 'C', 'TB']);
        const rate = d > 0 ? c / d : null;
        const submitted = s?.state === 'submitted';
        if (submitted && !s!.late) acc.onTime++;
        if (submitted) acc.tk += n(['TK']);
        if (submitted && s!.held && rate != null) {
          acc.rates.push(rate);
          compliant += c;
          denominator += d;
        }
        const past = NOW > deadlineOf(date, S, ZONE, holidays);
        if (unitFlags(s ? { ...s, rate } : null, past, S).length) acc.flagged++;
      }
      perOpd.set(opd.code, acc);
    }
    return { dates, perOpd, rate: compliant / denominator };
  }

  /** Open flags from raw rows: TK count and longest run of each employee's submitted Mondays. */
  async function rawOpenFlags(year: number) {
    const rows = await ctx.db
      .selectFrom('attendance')
      .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
      .innerJoin('employees', 'employees.id', 'attendance.employee_id')
      .select(['attendance.employee_id', 'attendance.pledge_date', 'attendance.status', 'attendance.opd_id', 'employees.category'])
      .where('sessions.state', '=', 'submitted')
      // An uncounted event's roll-call (the demo's weekday ceremony) changes no TK count.
      .where('sessions.counted', '=', 1)
      .orderBy('attendance.employee_id')
      .orderBy('attendance.pledge_date')
      .execute();
    const per = new Map<number, { tk: number; run: number; max: number; opd: number; category: string }>();
    for (const r of rows) {
      const e = per.get(r.employee_id) ?? per.set(r.employee_id, { tk: 0, run: 0, max: 0, opd: r.opd_id, category: r.category }).get(r.employee_id)!;
      e.run = r.status === 'TK' ? e.run + 1 : 0;
      if (r.pledge_date.startsWith(String(year))) {
        if (r.status === 'TK') e.tk++;
        e.max = Math.max(e.max, e.run);
        e.opd = r.opd_id;
      }
    }
    const byOpd = new Map<number, number>();
    for (const e of per.values()) {
      if (employeeStep(e.category, { tk_count: e.tk, max_streak: e.max }, S)) byOpd.set(e.opd, (byOpd.get(e.opd) ?? 0) + 1);
    }
    return byOpd;
  }

  it.each([
    ['month', '2026-11-01', '2026-11-24', '2026-10-01', '2026-10-31'],
    ['week', '2026-11-23', '2026-11-24', '2026-11-16', '2026-11-22'],
  ] as const)('for the %s', async (period, from, to, prevFrom, prevTo) => {
    const summary = await complianceSummary(ctx.db, S, { period, date: '2026-11-24', timezone: ZONE });
    const expected = await raw(from, to);
    const flags = await rawOpenFlags(2026);
    expect(summary.pledgeDates).toEqual(expected.dates);
    expect(summary.opds).toHaveLength(8);
    let onTime = 0;
    let tk = 0;
    for (const row of summary.opds) {
      const r = expected.perOpd.get(row.code)!;
      expect([row.code, row.figures.onTime, row.figures.tk, row.figures.flaggedWeeks, row.figures.expectedWeeks]).toEqual([row.code, r.onTime, r.tk, r.flagged, r.expected]);
      const mean = r.rates.length ? r.rates.reduce((a, b) => a + b, 0) / r.rates.length : null;
      if (mean == null) expect(row.figures.meanRate).toBeNull();
      else expect(row.figures.meanRate).toBeCloseTo(mean, 10);
      expect(row.openFlags).toBe(flags.get(row.id) ?? 0);
      onTime += r.onTime;
      tk += r.tk;
    }
    expect(summary.headline.onTime).toBe(onTime);
    expect(summary.headline.tk).toBe(tk);
    expect(summary.headline.rate).toBeCloseTo(expected.rate, 10);
    expect(summary.headline.openFlags).toBe([...flags.values()].reduce((a, b) => a + b, 0));
    const before = await raw(prevFrom, prevTo);
    const sumOf = (f: (r: { onTime: number; tk: number }) => number) => [...before.perOpd.values()].reduce((a, r) => a + f(r), 0);
    expect(summary.previous).toMatchObject({ onTime: sumOf((r) => r.onTime), tk: sumOf((r) => r.tk), expected: 8 * before.dates.length });
    expect(summary.previous.rate).toBeCloseTo(before.rate, 10);
    expect(summary.headline.tk).toBeGreaterThan(0);
    expect(summary.headline.openFlags).toBeGreaterThan(0);
  });

  it('prints those figures on the dashboard a Sekda reads', async () => {
    const summary = await complianceSummary(ctx.db, S, { period: 'week', date: '2026-11-24', timezone: ZONE });
    const sekda = await signIn(ctx.app, 'sekda', 'ikrar-demo');
    const res = await sekda.get('/dashboard?period=week&date=2026-11-24');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<span class="figure-value">${summary.headline.onTime} / ${summary.headline.expected}</span>`);
    expect(res.text).toContain(`<span class="figure-value">${summary.headline.tk.toLocaleString('id-ID')}</span>`);
    for (const b of summary.belumLapor) expect(res.text).toContain(`/opd/${b.opd.code}/sessions/${b.pledgeDate}`);
  });
});
