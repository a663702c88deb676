import type ExcelJS from 'exceljs';

/*
 * The XLSX layout: the header row, formats, borders, fonts and the columns of each sheet.
 * Number formats: counts as integers, rates and TPP deductions as percentages with one
 * decimal, NIPs as text ('@') so that Excel keeps all 18 digits.
 */
export const HEADER_ROW = 7;
export const FMT = { count: '0', percent: '0.0%', text: '@' };
export const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** Every font names its face: without one LibreOffice falls back to a serif. */
export const font = (f: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: 'Calibri', size: 11, ...f });
export interface Col {
  /** The width (in characters), or the least width of a column that fits its text. */
  width: number;
  fmt?: string;
  /**
   * Text that may be long (names, units, positions): the cells wrap, and the column grows to
   * its longest value, up to this many characters; longer values wrap inside it.
   */
  fit?: number;
}

/**
 * A column with its cell styles made once. ExcelJS recognises a style object it has seen by
 * identity; a fresh object per cell makes it render and look up the style XML for every cell,
 * which at province size costs more than writing the rows.
 */
export interface StyledCol extends Col {
  style: Partial<ExcelJS.Style>;
  bold: Partial<ExcelJS.Style>;
}

// Rows grow when a cell wraps: everything sits at the top so a row reads across.
const TOP: Partial<ExcelJS.Alignment> = { vertical: 'top' };
const WRAP: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };

function styled(cols: Col[]): StyledCol[] {
  return cols.map((c) => {
    const base = { border: BORDER, alignment: c.fit ? WRAP : TOP, ...(c.fmt ? { numFmt: c.fmt } : {}) };
    return { ...c, style: base, bold: { ...base, font: font({ bold: true }) } };
  });
}

/** Widths for the longest value of each column (in characters, undefined: keep the width). */
export function fitWidths(cols: Col[], longest: (number | undefined)[]): number[] {
  // Two characters of room: Calibri's letters are on average a little wider than its digits.
  return cols.map((c, i) => (c.fit && longest[i] ? Math.min(c.fit, Math.max(c.width, longest[i]! + 2)) : c.width));
}

/** The longest text of each column among rows of cells. */
export function longestIn(rows: (string | number | null)[][]): number[] {
  const out: number[] = [];
  for (const row of rows) row.forEach((c, i) => (out[i] = Math.max(out[i] ?? 0, typeof c === 'string' ? c.length : 0)));
  return out;
}

const counts = (n: number, width = 5.5): Col[] => Array.from({ length: n }, () => ({ width, fmt: FMT.count }));

export const SUMMARY_COLS = styled([
  { width: 5 },
  { width: 10, fit: 24 },
  { width: 24, fit: 60 },
  ...counts(5, 12),
  { width: 11, fmt: FMT.percent },
  { width: 11, fmt: FMT.percent },
  ...counts(9, 8),
]);

export const EMPLOYEE_COLS = styled([
  { width: 6, fmt: FMT.count },
  { width: 21, fmt: FMT.text },
  { width: 20, fit: 45 },
  { width: 16, fit: 40 },
  { width: 10, fit: 24 },
  { width: 10, fit: 24 },
  ...counts(9),
  { width: 8, fmt: FMT.count },
  { width: 11, fmt: FMT.percent },
  { width: 11, fmt: FMT.percent },
  { width: 9, fmt: FMT.count },
  { width: 14, fit: 30 },
]);

export const FLAG_COLS = styled([
  { width: 6 },
  { width: 21, fmt: FMT.text },
  { width: 20, fit: 45 },
  { width: 10, fit: 24 },
  { width: 10, fit: 40 },
  ...counts(3, 10),
  { width: 14, fit: 30 },
]);
