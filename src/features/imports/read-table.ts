import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { slicer } from '../../lib/cooperate';
import { readCsvRecords, type CsvRecord } from '../../lib/csv-records';
import { inflatesTooMuch } from './xlsx-size';

/** A row of the uploaded sheet: its line number as the user sees it, and each cell as text. */
export interface RawRow {
  line: number;
  cells: string[];
  /** Columns whose number had more digits than a spreadsheet number keeps (an 18-digit NIP). */
  lossy: number[];
}

export interface Table {
  header: string[];
  rows: RawRow[];
}

/** A problem with the whole file (not one row); `message` is an i18n key. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export type FileKind = 'csv' | 'xlsx';

/*
 * What one upload may hold, checked while it is read so that nothing past a limit is kept: a
 * province has about 63,000 employees, each with a handful of short fields. A cell longer
 * than any field is cut (its row is still refused as too long), so a stored preview stays
 * bounded whatever a file holds.
 */
export const LIMITS = { rows: 100_000, cells: 3_000_000, chars: 48_000_000, cellChars: 1000 };

/** Counts what has been read and refuses the file as soon as it passes a limit. */
class Budget {
  private rows = 0;
  private cells = 0;
  private chars = 0;

  take(cells: string[]): string[] {
    if (++this.rows > LIMITS.rows + 1) throw new ImportFileError('imports.errors.too_many_rows', { n: LIMITS.rows });
    const kept = cells.map((c) => (c.length > LIMITS.cellChars ? c.slice(0, LIMITS.cellChars) : c));
    this.cells += kept.length;
    this.chars += kept.reduce((n, c) => n + c.length, 0);
    if (this.cells > LIMITS.cells || this.chars > LIMITS.chars) throw new ImportFileError('imports.errors.too_much_data');
    return kept;
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The type comes from the extension AND the content: an .xlsx is a zip (PK\x03\x04), a .csv
 * is UTF-8 text without NUL bytes. Anything else, an old .xls included, is refused.
 */
export function detectKind(filename: string, data: Buffer): FileKind {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (data.length === 0) throw new ImportFileError('imports.errors.empty');
  if (ext === 'xlsx') {
    if (!data.subarray(0, 4).equals(ZIP)) throw new ImportFileError('imports.errors.not_xlsx');
    return 'xlsx';
  }
  if (ext === 'csv') {
    if (data.subarray(0, 4).equals(ZIP) || data.includes(0)) throw new ImportFileError('imports.errors.not_csv');
    return 'csv';
  }
  throw new ImportFileError('imports.errors.type');
}

function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\ufeff/, '');
  } catch {
    throw new ImportFileError('imports.errors.not_utf8');
  }
}

/** `;` (Indonesian Excel) or `,`: whichever appears more often outside quotes on the first line. */
export function detectDelimiter(text: string): ';' | ',' {
  const first = /^[ \t]*[^\s].*$/m.exec(text)?.[0] ?? '';
  let inQuotes = false;
  let semicolons = 0;
  let commas = 0;
  for (const ch of first) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === ';') semicolons++;
    else if (!inQuotes && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

export async function readCsv(data: Buffer): Promise<Table> {
  const text = decodeUtf8(data);
  let parsed: CsvRecord[];
  try {
    const options = { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true };
    const read = await readCsvRecords(text, options, LIMITS.rows + 1);
    if (read.more) throw new ImportFileError('imports.errors.too_many_rows', { n: LIMITS.rows });
    parsed = read.records;
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('imports.errors.csv_syntax');
  }
  const budget = new Budget();
  // info.lines is the record's last line, and csv-parse counts a CRLF inside a quoted cell as
  // two lines (for the rest of the file too): count back to the line an editor shows.
  let crlfSoFar = 0;
  const rows = parsed.map(({ record, info }) => {
    const text = record.join('\n');
    crlfSoFar += text.match(/\r\n/g)?.length ?? 0;
    const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
    return { line: info.lines - crlfSoFar - (breaks - (record.length - 1)), cells: budget.take(record), lossy: [] as number[] };
  });
  const [header, ...rest] = rows;
  if (!header) throw new ImportFileError('imports.errors.empty');
  return { header: header.cells, rows: rest };
}

type CellValue = ExcelJS.CellValue | { sharedFormula?: string; result?: ExcelJS.CellValue };

/**
 * A cell as plain text. A formula is never evaluated: its cached result is what the sheet
 * showed, else the formula itself is kept as text.
 */
function cellText(v: CellValue): { text: string; lossy: boolean } {
  if (v === null || v === undefined) return { text: '', lossy: false };
  if (typeof v === 'string') return { text: v, lossy: false };
  if (typeof v === 'number') return { text: String(v), lossy: Number.isInteger(v) && !Number.isSafeInteger(v) };
  if (typeof v === 'boolean') return { text: String(v), lossy: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), lossy: false };
  if ('richText' in v && Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join(''), lossy: false };
  if ('formula' in v || 'sharedFormula' in v) {
    const f = v as { formula?: string; sharedFormula?: string; result?: CellValue };
    if (f.result !== undefined && f.result !== null && typeof f.result !== 'object') return cellText(f.result);
    return { text: `=${f.formula ?? f.sharedFormula ?? ''}`, lossy: false };
  }
  if ('text' in v) return cellText((v as { text: CellValue }).text);
  return { text: '', lossy: false };
}

/**
 * The first worksheet, streamed (exceljs WorkbookReader) after the zip's inflated size was
 * checked, each row counted against the limits as it arrives: reading stops at the first
 * limit passed, and the input is destroyed so the rest of the zip is never inflated.
 */
export async function readXlsx(data: Buffer): Promise<Table> {
  const tooBig = await inflatesTooMuch(data).catch(() => {
    throw new ImportFileError('imports.errors.xlsx_broken');
  });
  if (tooBig) throw new ImportFileError('imports.errors.xlsx_too_big');
  const input = Readable.from([data]);
  const rows: RawRow[] = [];
  try {
    await readFirstSheet(input, rows);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('imports.errors.xlsx_broken');
  } finally {
    input.destroy();
  }
  const [header, ...rest] = rows;
  if (!header) throw new ImportFileError('imports.errors.empty');
  return { header: header.cells, rows: rest };
}

async function readFirstSheet(input: Readable, rows: RawRow[]): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  const budget = new Budget();
  const pause = slicer();
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      await pause();
      const values = (row.values as CellValue[]).slice(1);
      const cells: string[] = [];
      const lossy: number[] = [];
      values.forEach((value, i) => {
        const { text, lossy: l } = cellText(value);
        cells[i] = text.trim();
        if (l) lossy.push(i);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      if (cells.some((c) => c !== '')) rows.push({ line: row.number, cells: budget.take(cells), lossy });
    }
    // Only the first sheet is read: later ones would be inflated for nothing.
    return;
  }
}

export function readTable(kind: FileKind, data: Buffer): Promise<Table> {
  return kind === 'csv' ? readCsv(data) : readXlsx(data);
}
