import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/connect';
import type { Translate } from '../../i18n/t';
import { employeeCells, employeeHeaders, summaryTotalCells, type Cell } from './export-texts';
import { employeeBatches, type MonthlyReport } from './reports.service';

/*
 * CSV for spreadsheets and other systems: one row per employee and a last row with the
 * summary's total (its attendance rate is the dashboard's), UTF-8 with a BOM (so Excel
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

/*
 * A NIP is 18 digits. A spreadsheet opening the CSV takes it for a number, shows 1,98703E+17
 * and keeps only 15 significant digits, so saving the sheet destroys the last three. Written
 * as the formula ="198703152014011555" it becomes text in Excel and in LibreOffice (both
 * evaluate it on opening; a re-save writes the value, the 18 digits). A leading apostrophe or
 * tab stays part of the cell in both, a "sep=" line changes nothing about numbers, and a
 * quoted field is still read as a number. Only an all-digit value is wrapped, so the formula
 * can never carry anything but digits; other identifiers are neutralised as usual. Programs
 * reading the CSV strip the ="…" (lib/nip.ts normalizeNip does).
 */
export function digitsAsText(value: string): string {
  return /^\d+$/.test(value) ? `="${value}"` : neutralise(value);
}

/** Rates and percentages as numbers of percent with one decimal, in the separator's locale. */
export function percentText(fraction: number | null, separator: string): string {
  if (fraction == null) return '';
  const text = (Math.round(fraction * 1000) / 10).toString();
  return separator === ';' ? text.replace('.', ',') : text;
}

export function csvRecord(cells: Cell[], columns: { percent: Set<number>; nip: number }, separator: string): string[] {
  return cells.map((c, i) => {
    // A text in a percentage column says why there is no figure ("tidak berlaku").
    if (columns.percent.has(i) && typeof c !== 'string') return percentText(c, separator);
    if (c == null) return '';
    if (typeof c === 'number') return String(c);
    return i === columns.nip ? digitsAsText(c) : neutralise(c);
  });
}

/*
 * Each batch of employees (1,000) becomes one chunk of text: feeding the CSV stream a record at a
 * time cost a third of the download's CPU in stream bookkeeping for 63,000 records (docs/BENCHMARKS.md).
 * pipeline() still carries the backpressure, and stops the walk when the client goes away.
 */
export async function writeCsv(db: Db, report: MonthlyReport, out: Writable, t: Translate): Promise<void> {
  const separator = report.settings.csv_separator === ',' ? ',' : ';';
  const headers = employeeHeaders(t, true);
  const rateIndex = headers.indexOf(t('reports.col.rate'));
  const tppIndex = headers.indexOf(t('reports.col.tpp'));
  const percentColumns = new Set([rateIndex, tppIndex]);
  const columns = { percent: percentColumns, nip: headers.indexOf(t('reports.col.nip')) };
  const options = { delimiter: separator, record_delimiter: 'windows' as const };
  const labelled = headers.map((h, i) => (percentColumns.has(i) ? `${h} (%)` : h));
  async function* chunks() {
    yield stringify([labelled.map(neutralise)], { ...options, bom: true });
    let n = 0;
    for await (const batch of employeeBatches(db, report, report.scope.opd?.id ?? null)) {
      yield stringify(batch.map((r) => csvRecord(employeeCells(r, ++n, t, true), columns, separator)), options);
    }
    yield stringify([csvRecord(summaryTotalCells(report.totals, t), columns, separator)], options);
  }
  await pipeline(Readable.from(chunks()), out);
}
