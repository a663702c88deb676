import { statsOf } from '../../../src/features/compliance/employee-stats';

describe('a TK streak and the weeks the unit did not log', () => {
  const rows = (list: [string, string][]) => list.map(([date, status]) => ({ date, status }));
  const tk = rows([['2026-11-02', 'TK'], ['2026-11-16', 'TK'], ['2026-11-23', 'TK'], ['2026-11-30', 'TK']]);

  it('breaks the run at an unlogged week but still counts every TK', () => {
    expect(statsOf(tk, 2026, ['2026-11-09'])).toMatchObject({ tk_count: 4, tk_streak: 3, max_streak: 3 });
  });

  it('skips a week without a row that is not an unlogged week (a holiday, an apel not held)', () => {
    expect(statsOf(tk, 2026, [])).toMatchObject({ tk_count: 4, tk_streak: 4, max_streak: 4 });
  });

  it('keeps the current run of the last row when an unlogged week follows it', () => {
    expect(statsOf(tk, 2026, ['2026-12-07'])).toMatchObject({ tk_streak: 4, last_pledge_date: '2026-11-30' });
  });

  it('breaks a run that crosses New Year', () => {
    const list = rows([['2025-12-22', 'TK'], ['2026-01-05', 'TK'], ['2026-01-12', 'TK']]);
    expect(statsOf(list, 2026, ['2025-12-29'])).toMatchObject({ tk_count: 2, tk_streak: 2, max_streak: 2 });
  });
});
