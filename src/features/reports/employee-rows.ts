import type { Category, OpdPeriod } from '../../db/database';
import { emptyCounts, totalsFromCounts, type StatusCounts } from '../compliance/rollup';
import { tppDeduction, tppPercentFor } from '../compliance/rules';
import type { Settings } from '../settings/settings.defaults';
import type { AttendanceFact, ReportEmployee } from './reports.queries';

/** The unit an employee stood in on some pledge dates of the month. */
export interface UnitStint {
  code: string;
  name: string;
  dates: string[];
}

/** One line of the employee part of the report. */
export interface EmployeeReportRow {
  id: number;
  nip: string;
  name: string;
  position: string | null;
  rank: string | null;
  category: Category;
  /** Usually one; two or more after a transfer (mutasi) in the month, in date order. */
  units: UnitStint[];
  counts: StatusCounts;
  /** Roll-calls the person was on. */
  sessions: number;
  rate: number | null;
  tk: number;
  /** TPP deduction for the month's TK, in percent; null where the category gets no TPP cut. */
  tppPercent: number | null;
  yearTk: number;
  streak: number;
  /** The recommended step of an open flag, or null. */
  openStep: string | null;
}

type RowSettings = Pick<Settings, 'virtual_counts' | 'tpp_percent_by_category'>;

/**
 * Assembles page rows from the two reads: the people (in page order, with their year standing)
 * and their submitted attendance rows of the month.
 */
export function assembleRows(
  people: ReportEmployee[],
  facts: AttendanceFact[],
  opds: Map<number, OpdPeriod>,
  settings: RowSettings,
): EmployeeReportRow[] {
  const factsOf = new Map<number, AttendanceFact[]>();
  for (const f of facts) (factsOf.get(f.employee_id) ?? factsOf.set(f.employee_id, []).get(f.employee_id)!).push(f);
  return people.map((p) => {
    const mine = factsOf.get(p.id) ?? [];
    const counts = emptyCounts();
    for (const f of mine) counts[f.status]++;
    return {
      id: p.id,
      nip: p.nip,
      name: p.name,
      position: p.position,
      rank: p.rank,
      category: p.category,
      units: stints(mine, opds),
      counts,
      sessions: mine.length,
      rate: totalsFromCounts(counts, settings.virtual_counts).rate,
      tk: counts.TK,
      tppPercent: tppDeduction(counts.TK, tppPercentFor(p.category, settings)),
      yearTk: Number(p.tk_count ?? 0),
      streak: Number(p.tk_streak ?? 0),
      // The rollup's step counts only while the flag is open (no follow-up covers it yet).
      openStep: Number(p.open_flag ?? 0) === 1 ? p.step : null,
    };
  });
}

/** Facts in date order grouped by unit, in the order the units first appear. */
function stints(facts: AttendanceFact[], opds: Map<number, OpdPeriod>): UnitStint[] {
  const byOpd = new Map<number, UnitStint>();
  for (const f of [...facts].sort((a, b) => a.pledge_date.localeCompare(b.pledge_date))) {
    let stint = byOpd.get(f.opd_id);
    if (!stint) {
      const opd = opds.get(f.opd_id);
      stint = { code: opd?.code ?? String(f.opd_id), name: opd?.name ?? '', dates: [] };
      byOpd.set(f.opd_id, stint);
    }
    stint.dates.push(f.pledge_date);
  }
  return [...byOpd.values()];
}

/** "DINKES" or, after a transfer, "DINKES (02-03, 09-03) → BAPPEDA (16-03)". */
export function unitsLabel(units: UnitStint[]): string {
  if (units.length <= 1) return units[0]?.code ?? '';
  return units.map((u) => `${u.code} (${u.dates.map((d) => `${d.slice(8, 10)}-${d.slice(5, 7)}`).join(', ')})`).join(' → ');
}
