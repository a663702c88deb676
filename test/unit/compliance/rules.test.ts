import { statsOf } from '../../../src/features/compliance/employee-stats';
import {
  employeeStep,
  isOpenFlag,
  ladderFor,
  recommendedStep,
  sessionRate,
  STEP_LEVEL,
  STEP_ORDER,
  tppDeduction,
  tppPercentFor,
  unitCompliance,
  unitFlags,
  worstLevel,
  type SessionFacts,
} from '../../../src/features/compliance/rules';
import { DEFAULT_SETTINGS, type LadderStep } from '../../../src/features/settings/settings.defaults';

const S = DEFAULT_SETTINGS; // amber 0.9, red 0.75
const submitted = (over: Partial<SessionFacts> = {}): SessionFacts => ({ state: 'submitted', late: 0, held: 1, reason_accepted: null, rate: 1, ...over });
const codes = (session: SessionFacts | null, past = true) => unitFlags(session, past, S).map((f) => `${f.code}:${f.level}`);

describe('session attendance rate', () => {
  it.each([
    [9, 10, 0, 0.9],
    [9, 12, 2, 0.9],
    [0, 5, 5, null],
    [0, 0, 0, null],
    [27, 30, 0, 0.9],
  ])('%i compliant of %i expected with %i excused is %p', (c, e, x, rate) => {
    expect(sessionRate(c, e, x)).toBe(rate);
  });
});

describe('unit flags per week (docs/DESIGN.md, "Compliance rules")', () => {
  it.each<[string, SessionFacts | null, boolean, string[]]>([
    ['nothing saved, deadline passed: belum lapor', null, true, ['belum_lapor:red']],
    ['nothing saved, deadline not passed: no flag yet', null, false, []],
    ['draft only, deadline passed: belum lapor', submitted({ state: 'draft' }), true, ['belum_lapor:red']],
    ['draft only, deadline not passed: no flag yet', submitted({ state: 'draft' }), false, []],
    ['submitted on time at 100%', submitted(), true, []],
    ['submitted late', submitted({ late: 1 }), true, ['terlambat_lapor:amber']],
    ['rate exactly 90%: no flag', submitted({ rate: 0.9 }), true, []],
    ['rate 27/30 (float 0.9): no flag', submitted({ rate: 27 / 30 }), true, []],
    ['rate just below 90%: amber', submitted({ rate: 0.8999 }), true, ['kehadiran_rendah:amber']],
    ['rate exactly 75%: amber', submitted({ rate: 0.75 }), true, ['kehadiran_rendah:amber']],
    ['rate just below 75%: red', submitted({ rate: 0.7499 }), true, ['kehadiran_rendah:red']],
    ['no rate (everyone excused): no flag', submitted({ rate: null }), true, []],
    ['late and low', submitted({ late: 1, rate: 0.5 }), true, ['terlambat_lapor:amber', 'kehadiran_rendah:red']],
    ['not held, reason not reviewed', submitted({ held: 0, rate: null }), true, ['tidak_dilaksanakan:red']],
    ['not held, reason rejected', submitted({ held: 0, reason_accepted: 0, rate: null }), true, ['tidak_dilaksanakan:red']],
    ['not held, reason accepted by hr', submitted({ held: 0, reason_accepted: 1, rate: null }), true, []],
    ['not held, accepted, but reported late', submitted({ held: 0, reason_accepted: 1, late: 1 }), true, ['terlambat_lapor:amber']],
  ])('%s', (_what, session, past, expected) => {
    expect(codes(session, past)).toEqual(expected);
  });

  it('uses the thresholds from the settings', () => {
    expect(unitFlags(submitted({ rate: 0.86 }), true, { rate_amber: 0.85, rate_red: 0.6 })).toEqual([]);
    expect(unitFlags(submitted({ rate: 0.59 }), true, { rate_amber: 0.85, rate_red: 0.6 })).toEqual([{ code: 'kehadiran_rendah', level: 'red' }]);
  });

  it('takes the worst level of a week', () => {
    expect(worstLevel(unitFlags(submitted({ late: 1, rate: 0.5 }), true, S))).toBe('red');
    expect(worstLevel(unitFlags(submitted({ late: 1 }), true, S))).toBe('amber');
    expect(worstLevel([])).toBeNull();
  });
});

describe('unit compliance over a period', () => {
  it('is weeks without a flag over expected weeks, with the mean of the rates that exist', () => {
    const weeks = [
      { flags: [], rate: 1 },
      { flags: unitFlags(submitted({ rate: 0.8 }), true, S), rate: 0.8 },
      { flags: unitFlags(null, true, S), rate: null },
      { flags: [], rate: 0.9 },
    ];
    const c = unitCompliance(weeks);
    expect(c).toMatchObject({ expectedWeeks: 4, flaggedWeeks: 2, compliance: 0.5 });
    expect(c.meanRate).toBeCloseTo(0.9, 10);
  });

  it('has no compliance when no week was expected (holidays, before the unit started)', () => {
    expect(unitCompliance([])).toEqual({ expectedWeeks: 0, flaggedWeeks: 0, compliance: null, meanRate: null });
  });
});

describe('employee TK count and streak', () => {
  const rows = (list: [string, string][]) => list.map(([date, status]) => ({ date, status }));

  it('counts TK in the calendar year and the current run, which a non-TK Monday resets', () => {
    const s = statsOf(rows([['2026-03-02', 'TK'], ['2026-03-09', 'TK'], ['2026-03-16', 'H'], ['2026-03-23', 'TK']]), 2026);
    expect(s).toMatchObject({ tk_count: 3, tk_streak: 1, max_streak: 2, last_pledge_date: '2026-03-23' });
  });

  it('treats excused statuses as a break in the run', () => {
    expect(statsOf(rows([['2026-03-02', 'TK'], ['2026-03-09', 'S'], ['2026-03-16', 'TK']]), 2026)).toMatchObject({ tk_count: 2, tk_streak: 1, max_streak: 1 });
  });

  it('lets a holiday week (no row) neither break nor extend a run', () => {
    // 2026-03-23 was a holiday: no roll-call row that week.
    expect(statsOf(rows([['2026-03-16', 'TK'], ['2026-03-30', 'TK']]), 2026)).toMatchObject({ tk_count: 2, tk_streak: 2, max_streak: 2 });
  });

  it('carries a run across New Year but counts TK per calendar year', () => {
    const list = rows([['2025-12-22', 'TK'], ['2025-12-29', 'TK'], ['2026-01-05', 'TK']]);
    expect(statsOf(list, 2026)).toMatchObject({ tk_count: 1, tk_streak: 3, max_streak: 3 });
    expect(statsOf(list, 2025)).toMatchObject({ tk_count: 2, tk_streak: 2 });
  });

  it('has nothing for a year without rows', () => {
    expect(statsOf(rows([['2025-12-22', 'TK']]), 2026)).toEqual({ tk_count: 0, tk_streak: 0, max_streak: 0, last_pledge_date: null, opd_id: null });
  });
});

describe('sanction ladders', () => {
  const pns = S.ladder_pns;
  it.each<[number, number, string | null]>([
    [0, 0, null],
    [1, 1, 'catatan'],
    [2, 1, 'catatan'],
    [2, 2, 'teguran_lisan'],
    [3, 1, 'teguran_lisan'],
    [4, 0, 'teguran_lisan'],
    [5, 1, 'teguran_tertulis'],
    [7, 3, 'teguran_tertulis'],
    [8, 0, 'pernyataan_tidak_puas'],
    [20, 20, 'pernyataan_tidak_puas'],
  ])('PNS ladder: %i TK with a run of %i → %p', (tk, streak, step) => {
    expect(recommendedStep(pns, tk, streak)).toBe(step);
  });

  const pppk: LadderStep[] = [
    { step: 'catatan', level: 'ringan', basis: 'Perbup 1/2026 Pasal 5', minTotal: 2, minStreak: null },
    { step: 'teguran_tertulis', level: 'ringan', basis: 'Perbup 1/2026 Pasal 5', minTotal: 4, minStreak: 3 },
  ];
  const settings = { ladder_pns: pns, ladder_pppk: pppk };

  it('uses the PPPK ladder for PPPK and part-time PPPK, the PNS ladder for PNS and CPNS', () => {
    expect(ladderFor('PPPK', settings)).toBe(pppk);
    expect(ladderFor('PPPK_PW', settings)).toBe(pppk);
    expect(ladderFor('PNS', settings)).toBe(pns);
    expect(ladderFor('CPNS', settings)).toBe(pns);
    expect(employeeStep('PNS', { tk_count: 1, max_streak: 1 }, settings)).toBe('catatan');
    expect(employeeStep('PPPK', { tk_count: 1, max_streak: 1 }, settings)).toBeNull();
    expect(employeeStep('PPPK', { tk_count: 3, max_streak: 3 }, settings)).toBe('teguran_tertulis');
  });

  it('keeps the step a run earned after the run resets (longest run of the year)', () => {
    const s = statsOf([{ date: '2026-03-02', status: 'TK' }, { date: '2026-03-09', status: 'TK' }, { date: '2026-03-16', status: 'H' }], 2026);
    expect(s.tk_streak).toBe(0);
    expect(recommendedStep(pns, s.tk_count, s.tk_streak)).toBe('catatan');
    expect(employeeStep('PNS', s, settings)).toBe('teguran_lisan');
  });

  it('decides by severity, not by row order', () => {
    expect(recommendedStep([...pns].reverse(), 5, 0)).toBe('teguran_tertulis');
  });

  it('keeps a flag open until a follow-up covers the current count', () => {
    expect(isOpenFlag('catatan', 1, 0)).toBe(true);
    expect(isOpenFlag('catatan', 1, 1)).toBe(false);
    expect(isOpenFlag('teguran_lisan', 3, 1)).toBe(true);
    expect(isOpenFlag(null, 3, 0)).toBe(false);
  });
});

describe('ladders that go up to sedang and berat', () => {
  const rung = (step: LadderStep['step'], minTotal: number): LadderStep => ({ step, level: STEP_LEVEL[step], basis: 'Perbup 7/2025 Pasal 9', minTotal, minStreak: null });
  // A local rule that follows PP 94/2021's bands for PNS, and a shorter one for PPPK.
  const pns = [rung('teguran_lisan', 3), rung('teguran_tertulis', 4), rung('pernyataan_tidak_puas', 7), rung('hukuman_sedang', 11), rung('hukuman_berat', 21)];
  const pppk = [rung('teguran_tertulis', 2), rung('hukuman_sedang', 6), rung('hukuman_berat', 12)];
  const settings = { ladder_pns: pns, ladder_pppk: pppk };
  const levelOf = (category: string, tk: number) => {
    const step = employeeStep(category, { tk_count: tk, max_streak: 1 }, settings);
    return step && STEP_LEVEL[step];
  };

  it.each<[string, number, string | null, string | null]>([
    ['PNS', 2, null, null],
    ['PNS', 3, 'teguran_lisan', 'ringan'],
    ['PNS', 10, 'pernyataan_tidak_puas', 'ringan'],
    ['PNS', 11, 'hukuman_sedang', 'sedang'],
    ['PNS', 20, 'hukuman_sedang', 'sedang'],
    ['PNS', 21, 'hukuman_berat', 'berat'],
    ['PPPK', 2, 'teguran_tertulis', 'ringan'],
    ['PPPK', 6, 'hukuman_sedang', 'sedang'],
    ['PPPK_PW', 12, 'hukuman_berat', 'berat'],
  ])('%s with %i TK: %p (%p)', (category, tk, step, level) => {
    expect(employeeStep(category, { tk_count: tk, max_streak: 1 }, settings)).toBe(step);
    expect(levelOf(category, tk)).toBe(level);
  });

  it('ranks sedang above every light step and berat above sedang', () => {
    expect(STEP_ORDER.indexOf('hukuman_sedang')).toBeGreaterThan(STEP_ORDER.indexOf('pernyataan_tidak_puas'));
    expect(recommendedStep([...pns].reverse(), 25, 0)).toBe('hukuman_berat');
  });
});

describe('TPP per category', () => {
  it('cuts 2% per TK for PNS, CPNS and PPPK by default, and nothing applies to PPPK paruh waktu or non-ASN', () => {
    expect(tppDeduction(3, tppPercentFor('PNS', S))).toBe(6);
    expect(tppDeduction(3, tppPercentFor('CPNS', S))).toBe(6);
    expect(tppDeduction(3, tppPercentFor('PPPK', S))).toBe(6);
    expect(tppDeduction(3, tppPercentFor('PPPK_PW', S))).toBeNull();
    expect(tppDeduction(3, tppPercentFor('NON_ASN', S))).toBeNull();
  });
});

describe('TPP deduction', () => {
  it.each([
    [0, 2, 0],
    [3, 2, 6],
    [3, 2.5, 7.5],
    [60, 2, 100],
  ])('%i TK at %p%% per TK is %p%%', (tk, pct, out) => {
    expect(tppDeduction(tk, pct)).toBe(out);
  });
});
