/**
 * The pure part of the bench: percentiles, budgets, the results file and the printed table.
 * Kept free of I/O so test/unit/bench/results.test.ts can check it.
 */

/** A budget is a ceiling (latency, time, memory) or a floor (a share of the static throughput). */
export interface Budget {
  limit: number;
  kind: 'max' | 'min';
}

export interface Result {
  name: string;
  unit: string;
  value: number;
  /** null for figures shown for context only (a p50, requests per second). */
  budget: number | null;
  ok: boolean | null;
}

export interface Dataset {
  employees: number;
  opds: number;
  weeks: number;
  attendance_rows: number;
  dialect: 'sqlite' | 'postgres';
}

export interface ResultsFile {
  dataset: Dataset;
  /** Instances of the app measured (several only on PostgreSQL, behind nginx). */
  instances: number;
  /** Whether the requests went through nginx (https) rather than straight to the server. */
  nginx: boolean;
  results: Result[];
}

/** The province's budgets on SQLite on the 2-core bench machine (docs/BENCHMARKS.md). */
export const BUDGETS: Record<string, Budget> = {
  'generation': { limit: 90, kind: 'max' },
  'dashboard week p95': { limit: 50, kind: 'max' },
  'dashboard week share of static throughput': { limit: 25, kind: 'min' },
  'dashboard month p95': { limit: 50, kind: 'max' },
  'dashboard month share of static throughput': { limit: 25, kind: 'min' },
  'roll-call page p95': { limit: 150, kind: 'max' },
  'roll-call submit p95': { limit: 150, kind: 'max' },
  'employee search p95': { limit: 100, kind: 'max' },
  // The roll-call in Chromium as on a mid-range phone (CPU slowed 4×): medians, see docs/BENCHMARKS.md.
  'phone roll-call ready p50 (largest unit)': { limit: 3000, kind: 'max' },
  'phone roll-call filter p50 (largest unit)': { limit: 150, kind: 'max' },
  'phone roll-call draft save p50 (largest unit)': { limit: 1500, kind: 'max' },
  'phone roll-call ready p50, largest / small unit': { limit: 2, kind: 'max' },
  'monthly XLSX total': { limit: 8, kind: 'max' },
  'monthly XLSX peak server memory': { limit: 400, kind: 'max' },
  'monthly CSV total': { limit: 2, kind: 'max' },
  'import preview + commit': { limit: 60, kind: 'max' },
  'activation codes for the province': { limit: 30, kind: 'max' },
  'employee sign-ins per minute, p95': { limit: 1000, kind: 'max' },
  'employee sign-ins refused or failed': { limit: 0, kind: 'max' },
  'employee sign-ins peak server memory': { limit: 400, kind: 'max' },
  // The 07:30 check-in burst (docs/BENCHMARKS.md, "Check-in burst").
  'check-in burst per second': { limit: 1000, kind: 'min' },
  'check-in burst p95': { limit: 50, kind: 'max' },
  'check-in burst errors': { limit: 0, kind: 'max' },
  'check-in burst not recorded': { limit: 0, kind: 'max' },
  'check-in burst share of the bare ceiling': { limit: 25, kind: 'min' },
  'event check-ins: first to last (server time)': { limit: 15, kind: 'max' },
  'event check-ins errors': { limit: 0, kind: 'max' },
  'event check-ins not recorded': { limit: 0, kind: 'max' },
};

/** Whether a value meets its budget; null when the figure has none. */
export function withinBudget(value: number, budget: Budget | undefined): boolean | null {
  if (!budget || !Number.isFinite(value)) return budget ? false : null;
  return budget.kind === 'max' ? value <= budget.limit : value >= budget.limit;
}

/** A result row, its budget looked up by name (`budgets` is overridable for tests). */
export function result(name: string, unit: string, value: number, budgets: Record<string, Budget> = BUDGETS): Result {
  const budget = budgets[name];
  return { name, unit, value: round(value), budget: budget?.limit ?? null, ok: withinBudget(value, budget) };
}

/** nginx's CPU beside the app's, when nginx is in front (`ms` is NaN without it: no row). */
export function proxyCpuResult(name: string, ms: number): Result[] {
  return Number.isNaN(ms) ? [] : [result(name, 'ms', ms)];
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Three significant decimals at most: the file is read by people. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return Number(v.toFixed(digits));
}

/** Fixed-width table: name, value, budget (≤ or ≥), verdict. */
export function formatTable(results: Result[], budgets: Record<string, Budget> = BUDGETS): string {
  const width = Math.max(...results.map((r) => r.name.length), 10);
  const lines = results.map((r) => {
    const b = budgets[r.name];
    const budget = b ? `${b.kind === 'max' ? '≤' : '≥'} ${b.limit} ${r.unit}` : '';
    const verdict = r.ok === null ? '' : r.ok ? 'ok' : 'OVER BUDGET';
    return `${r.name.padEnd(width)}  ${`${r.value} ${r.unit}`.padStart(14)}  ${budget.padEnd(14)}  ${verdict}`;
  });
  return [`${'figure'.padEnd(width)}  ${'value'.padStart(14)}  ${'budget'.padEnd(14)}  verdict`, ...lines].join('\n');
}

/** The figures that missed their budget, for the exit code and the summary line. */
export function overBudget(results: Result[]): Result[] {
  return results.filter((r) => r.ok === false);
}
