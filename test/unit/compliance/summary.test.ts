import type { OpdPeriod } from '../../../src/db/database';
import { resolvePeriod } from '../../../src/features/compliance/period';
import { buildSummary, type SummaryInput } from '../../../src/features/compliance/summary';
import type { SessionRow } from '../../../src/features/compliance/weeks';
import { DEFAULT_SETTINGS } from '../../../src/features/settings/settings.defaults';

/*
 * August 2026: Monday 17 August (Independence Day) is a holiday. Unit A exists for years;
 * unit B starts on 20 August, so only the weeks of 24 and 31 August are owed by it.
 */
const A: OpdPeriod = { id: 1, code: 'A', name: 'Dinas A', active_from: '2016-01-01', active_to: null };
const B: OpdPeriod = { id: 2, code: 'B', name: 'Badan B', active_from: '2026-08-20', active_to: null };

function session(opd: number, date: string, over: Partial<SessionRow> = {}): SessionRow {
  return {
    id: opd * 1000 + Number(date.slice(8)),
    opd_id: opd,
    pledge_date: date,
    state: 'submitted',
    late: 0,
    held: 1,
    reason_accepted: null,
    rate: 1,
    compliant_count: 10,
    expected_count: 10,
    excused_count: 0,
    count_tk: 0,
    count_h: 10,
    count_tl: 0,
    count_verified: 0,
    submitted_at: `${date}T03:00:00.000Z`,
    ...over,
  };
}

function input(now: string, over: Partial<SummaryInput> = {}): SummaryInput {
  const today = now.slice(0, 10);
  return {
    period: resolvePeriod('month', '2026-08-15', today),
    today,
    now,
    zone: 'Asia/Jakarta',
    settings: DEFAULT_SETTINGS,
    holidays: new Map([['2026-08-17', 'libur_nasional']]),
    opds: [A, B],
    sessions: [
      session(1, '2026-08-03'),
      session(1, '2026-08-10', { rate: 0.8, compliant_count: 8, count_tk: 2 }),
      session(1, '2026-08-24'),
      session(2, '2026-08-24', { late: 1 }),
    ],
    openFlags: new Map([[1, 2]]),
    previousOpenFlags: null,
    // July: unit A reported all four weeks on time, 36 of 40 present, one TK.
    previousTotals: new Map([[1, { opd_id: 1, on_time: 4, tk: 1, compliant: 36, denominator: 40 }]]),
    ...over,
  };
}

describe('compliance summary', () => {
  // Monday 31 August 10:00 WIB: this week's deadline (Tuesday 12:00) is still ahead.
  const monday = buildSummary(input('2026-08-31T03:00:00.000Z'));

  it('skips the holiday week and weeks before a unit started', () => {
    expect(monday.pledgeDates).toEqual(['2026-08-03', '2026-08-10', '2026-08-24', '2026-08-31']);
    const a = monday.opds.find((o) => o.code === 'A')!;
    const b = monday.opds.find((o) => o.code === 'B')!;
    expect(a.figures.expectedWeeks).toBe(4);
    expect(b.figures.expectedWeeks).toBe(2);
    expect(a.trend.find((c) => c.monday === '2026-08-17')!.kind).toBe('holiday');
    expect(b.trend.find((c) => c.monday === '2026-08-10')!.kind).toBe('inactive');
  });

  it('does not flag a week before its deadline, and counts it in the expected weeks', () => {
    const a = monday.opds.find((o) => o.code === 'A')!;
    expect(a.figures).toMatchObject({ flaggedWeeks: 1, overdue: 0, compliance: 0.75, onTime: 3, tk: 2 });
    expect(a.figures.meanRate).toBeCloseTo((1 + 0.8 + 1) / 3, 10);
    expect(a.trend[a.trend.length - 1].kind).toBe('pending');
    expect(monday.belumLapor.map((x) => [x.opd.code, x.overdueMs, x.timeLeftMs! > 0])).toEqual([
      ['A', null, true],
      ['B', null, true],
    ]);
  });

  it('ranks worst first and pools the rate over people', () => {
    expect(monday.opds.map((o) => o.code)).toEqual(['B', 'A']);
    // (10 + 8 + 10 + 10) compliant of 40 who had to attend.
    expect(monday.headline.rate).toBeCloseTo(38 / 40, 10);
    expect(monday.headline).toMatchObject({ expected: 6, onTime: 3, tk: 2, openFlags: 2 });
  });

  it('flags belum lapor once the deadline has passed and says by how much', () => {
    // Tuesday 1 September 13:00 WIB, one hour after the deadline of 31 August.
    const tuesday = buildSummary(input('2026-09-01T06:00:00.000Z'));
    const a = tuesday.opds.find((o) => o.code === 'A')!;
    expect(a.figures.overdue).toBe(1);
    expect(a.trend[a.trend.length - 1].flags.map((f) => f.code)).toEqual(['belum_lapor']);
    const entry = tuesday.belumLapor.find((x) => x.opd.code === 'A')!;
    expect(entry).toMatchObject({ missingWeeks: 1, since: '2026-08-31', overdueMs: 3600_000, timeLeftMs: null });
  });

  it('counts a run of missing weeks for a unit that stopped reporting', () => {
    const s = buildSummary(input('2026-09-01T06:00:00.000Z', { sessions: [session(1, '2026-08-03')] }));
    const entry = s.belumLapor.find((x) => x.opd.code === 'A')!;
    // 10, 24 and 31 August are missing; 17 August was a holiday and does not break the run.
    expect(entry).toMatchObject({ missingWeeks: 3, since: '2026-08-10' });
  });

  it('marks a run that fills the whole 12-week window as capped', () => {
    const s = buildSummary(input('2026-09-01T06:00:00.000Z', { sessions: [] }));
    const entry = s.belumLapor.find((x) => x.opd.code === 'A')!;
    // 12 weeks from 15 June to 31 August, less the holiday week of 17 August.
    expect(entry).toMatchObject({ missingWeeks: 11, capped: true, since: '2026-06-15' });
    expect(s.belumLapor.find((x) => x.opd.code === 'B')).toMatchObject({ missingWeeks: 2, capped: false });
  });

  it('moves the holiday apel to the next working day under that policy', () => {
    const s = buildSummary(input('2026-08-31T03:00:00.000Z', { settings: { ...DEFAULT_SETTINGS, holiday_policy: 'next_working_day' } }));
    expect(s.pledgeDates).toContain('2026-08-18');
  });

  it('compares with the previous period', () => {
    expect(monday.period.previous).toMatchObject({ from: '2026-07-01', to: '2026-07-31' });
    expect(monday.previous).toMatchObject({ expected: 4, onTime: 4, onTimeShare: 1, tk: 1, rate: 0.9 });
    expect(monday.change.onTimeShare).toBeCloseTo(0.5 - 1, 10);
    expect(monday.change.rate).toBeCloseTo(38 / 40 - 0.9, 10);
    expect(monday.change.tk).toBe(1);
    expect(monday.change.openFlags).toBeNull();
  });
});
