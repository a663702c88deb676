import { formatTable, overBudget, percentile, result, round, withinBudget, type Budget } from '../../../scripts/bench/results';

describe('bench results', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
    expect(samples[0]).toBe(9); // the input is not sorted in place
  });

  it('compares a ceiling and a floor, and fails a missing figure', () => {
    const ceiling: Budget = { limit: 50, kind: 'max' };
    const floor: Budget = { limit: 25, kind: 'min' };
    expect(withinBudget(50, ceiling)).toBe(true);
    expect(withinBudget(50.1, ceiling)).toBe(false);
    expect(withinBudget(25, floor)).toBe(true);
    expect(withinBudget(24.9, floor)).toBe(false);
    expect(withinBudget(NaN, ceiling)).toBe(false);
    expect(withinBudget(12, undefined)).toBeNull();
  });

  it('builds rows in the shape of results.json, budgets looked up by name', () => {
    const budgets = { 'page p95': { limit: 100, kind: 'max' as const }, 'share': { limit: 25, kind: 'min' as const } };
    const rows = [result('page p95', 'ms', 123.456, budgets), result('share', '%', 31.2345, budgets), result('page p50', 'ms', 0.12345, budgets)];
    expect(rows).toEqual([
      { name: 'page p95', unit: 'ms', value: 123, budget: 100, ok: false },
      { name: 'share', unit: '%', value: 31.2, budget: 25, ok: true },
      { name: 'page p50', unit: 'ms', value: 0.123, budget: null, ok: null },
    ]);
    expect(overBudget(rows).map((r) => r.name)).toEqual(['page p95']);
    const table = formatTable(rows, budgets);
    expect(table).toMatch(/page p95\s+123 ms\s+≤ 100 ms\s+OVER BUDGET/);
    expect(table).toMatch(/share\s+31\.2 %\s+≥ 25 %\s+ok/);
  });

  it('rounds to a readable number of digits', () => {
    expect(round(1234.5)).toBe(1235);
    expect(round(12.345)).toBe(12.3);
    expect(round(1.2345)).toBe(1.23);
    expect(round(0.012345)).toBe(0.012);
  });
});
