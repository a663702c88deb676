import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import type { Db } from '../../db/connect';
import type { Translate } from '../../i18n/t';
import { employeeCells, employeeHeaders, type Cell } from './export-texts';
import { employeeBatches, type MonthlyReport } from './reports.service';

/*
 * CSV for spreadsheets and other systems: one row per employee, UTF-8 with a BOM (so Excel
 * reads the names right), the separator from settings (';' by default: Indonesian-locale Excel
 * splits on it and uses ',' as the decimal mark, so decimals follow the separator), CRLF lines.
 * Cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe
 * (OWASP "CSV injection"): '=', '+', '-', '@', and the tab and carriage return that some
 * programs strip before evaluating.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rates and percentages as numbers of percent with one decimal, in the separator's locale. */
function percentText(fraction: number | null, separator: string): string {
  if (fraction == null) return '';
  const text = (Math.round(fraction * 1000) / 10).toString();
  return separator === ';' ? text.replace('.', ',') : text;
}

export function csvRecord(cells: Cell[], percentColumns: Set<number>, separator: string): string[] {
  return cells.map((c, i) => {
    if (percentColumns.has(i)) return percentText(c as number | null, separator);
    if (c == null) return '';
    return typeof c === 'number' ? String(c) : neutralise(c);
  });
}

export async function writeCsv(db: Db, report: MonthlyReport, out: Writable, t: Translate): Promise<void> {
  const separator = report.settings.csv_separator === ',' ? ',' : ';';
  const headers = employeeHeaders(t, true);
  const rateIndex = headers.indexOf(t('reports.col.rate'));
  const tppIndex = headers.indexOf(t('reports.col.tpp'));
  const percentColumns = new Set([rateIndex, tppIndex]);
  const stringifier = stringify({ delimiter: separator, bom: true, record_delimiter: 'windows' });
  const done = pipeline(stringifier, out);
  done.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const labelled = headers.map((h, i) => (percentColumns.has(i) ? `${h} (%)` : h));
  await write(stringifier, labelled.map(neutralise));
  let n = 0;
  for await (const batch of employeeBatches(db, report, report.scope.opd?.id ?? null)) {
    if (out.destroyed) break;
    for (const r of batch) await write(stringifier, csvRecord(employeeCells(r, ++n, t, true), percentColumns, separator));
  }
  stringifier.end();
  await done;
}

async function write(s: Stringifier, record: string[]): Promise<void> {
  if (!s.write(record)) await once(s, 'drain');
}
