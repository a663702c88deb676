import type { Translate } from '../../i18n/t';
import type { EmployeeReportRow } from './employee-rows';
import { stepLabel, type Cell } from './export-texts';

/**
 * The flags part of the downloads (the XLSX flags sheet, the PDF flags section): everyone with
 * an open step, gathered while the employee rows stream past, so no second walk is needed.
 */
export class FlaggedList {
  private readonly byId = new Map<number, { row: EmployeeReportRow; units: string[] }>();

  add(r: EmployeeReportRow, unitCode: string): void {
    if (!r.openStep) return;
    const seen = this.byId.get(r.id);
    if (!seen) return void this.byId.set(r.id, { row: r, units: [unitCode] });
    // A transfer in the month puts the person in two units' tables: one flag, both units, all TK.
    seen.units.push(unitCode);
    seen.row = { ...seen.row, tk: seen.row.tk + r.tk };
  }

  get size(): number {
    return this.byId.size;
  }

  cells(t: Translate): Cell[][] {
    return [...this.byId.values()].map(({ row: r, units }, i) => [
      i + 1,
      r.nip,
      r.name,
      t(`reports.categories.${r.category}`),
      units.join(', '),
      r.tk,
      r.yearTk,
      r.streak,
      stepLabel(t, r.openStep),
    ]);
  }
}

export function flagHeaders(t: Translate): string[] {
  return [
    t('reports.col.no'),
    t('reports.col.nip'),
    t('reports.col.name'),
    t('reports.col.category'),
    t('reports.col.unit'),
    t('reports.col.month_tk'),
    t('reports.col.year_tk'),
    t('reports.col.streak'),
    t('reports.col.step'),
  ];
}
