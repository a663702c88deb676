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
  width: number;
  fmt?: string;
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

function styled(cols: Col[]): StyledCol[] {
  return cols.map((c) => {
    const base = { border: BORDER, ...(c.fmt ? { numFmt: c.fmt } : {}) };
    return { ...c, style: base, bold: { ...base, font: font({ bold: true }) } };
  });
}

const counts = (n: number, width = 5.5): Col[] => Array.from({ length: n }, () => ({ width, fmt: FMT.count }));

export const SUMMARY_COLS = styled([
  { width: 5 },
  { width: 14 },
  { width: 40 },
  ...counts(5, 12),
  { width: 11, fmt: FMT.percent },
  { width: 11, fmt: FMT.percent },
  ...counts(9, 8),
]);

export const EMPLOYEE_COLS = styled([
  { width: 6, fmt: FMT.count },
  { width: 21, fmt: FMT.text },
  { width: 32 },
  { width: 28 },
  { width: 10 },
  { width: 13 },
  ...counts(9),
  { width: 8, fmt: FMT.count },
  { width: 11, fmt: FMT.percent },
  { width: 11, fmt: FMT.percent },
  { width: 9, fmt: FMT.count },
  { width: 24 },
]);

export const FLAG_COLS = styled([
  { width: 6 },
  { width: 21, fmt: FMT.text },
  { width: 32 },
  { width: 13 },
  { width: 18 },
  ...counts(3, 10),
  { width: 26 },
]);
