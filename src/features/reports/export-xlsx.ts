import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Language } from '../../config';
import type { Db } from '../../db/connect';
import type { Translate } from '../../i18n/t';
import { CATEGORIES } from '../../db/database';
import { emptyCounts } from '../compliance/rollup';
import { STEP_ORDER } from '../compliance/rules';
import {
  STATUS_ORDER,
  employeeCells,
  employeeHeaders,
  reportTexts,
  stepLabel,
  summaryCells,
  summaryHeaders,
  type Cell,
  type ReportTexts,
} from './export-texts';
import { FlaggedList, flagHeaders } from './flagged';
import { findLongestTexts } from './reports.queries';
import { employeeBatches, type MonthlyReport } from './reports.service';
import { SheetNames } from './sheet-names';
import { BORDER, EMPLOYEE_COLS, FLAG_COLS, HEADER_FILL, HEADER_ROW, SUMMARY_COLS, fitWidths, font, longestIn, type StyledCol } from './xlsx-layout';

/*
 * The XLSX download, written with ExcelJS's streaming writer: each row is committed (turned
 * into XML and deflated into the response) as soon as it is added, and the sheets are written
 * one after the other, so memory holds one batch of employees, never the Pemda.
 * Layout of every sheet: letterhead (rows 1-3), title (4), period and unit (5), a note (6),
 * the header (7, frozen and repeated on printed pages), then the rows.
 */
type Sheet = ExcelJS.Worksheet;

export async function writeXlsx(db: Db, report: MonthlyReport, out: Writable, t: Translate, lang: Language): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = 'Ikrar';
  wb.created = new Date(report.generatedAt);
  const texts = reportTexts(report, t, lang);
  const names = new SheetNames();

  const summary = [...report.units.map((u, i) => summaryCells(u, i + 1, t)), summaryCells(report.totals, null, t)];
  writeSummary(openSheet(wb, names.take(t('reports.sheet.summary')), fitWidths(SUMMARY_COLS, longestIn(summary))), summary, texts, t);
  const flagged = new FlaggedList();
  for (const unit of report.units) {
    const opd = unit.opd!;
    const sheet = openSheet(wb, names.take(opd.code), await employeeWidths(db, report, opd.id, t));
    head(sheet, texts, `${t('reports.unit_line', { unit: `${opd.name} (${opd.code})` })}${texts.category ? ` · ${texts.category}` : ''}`, texts.legend);
    header(sheet, employeeHeaders(t, false));
    const sum = { counts: emptyCounts(), sessions: 0 };
    let n = 0;
    for await (const batch of employeeBatches(db, report, opd.id)) {
      for (const r of batch) {
        dataRow(sheet, employeeCells(r, ++n, t, false), EMPLOYEE_COLS);
        for (const c of STATUS_ORDER) sum.counts[c] += r.counts[c];
        sum.sessions += r.sessions;
        flagged.add(r, opd.code);
      }
      await drained(sheet, out);
    }
    const totals = [null, null, t('reports.total'), null, null, null, ...STATUS_ORDER.map((c) => sum.counts[c]), sum.sessions];
    totalRow(sheet, totals, EMPLOYEE_COLS);
    sheet.commit();
  }
  const flags = flagged.cells(t);
  writeFlags(openSheet(wb, names.take(t('reports.sheet.flags')), fitWidths(FLAG_COLS, longestIn(flags))), flags, texts, t);
  await wb.commit();
}

/**
 * A unit sheet's widths, fixed before its rows stream out: names, positions and ranks from the
 * database, category and step from the words they can be.
 */
async function employeeWidths(db: Db, report: MonthlyReport, opdId: number, t: Translate): Promise<number[]> {
  const { from, to, category } = report.scope;
  const longest = await findLongestTexts(db, { from, to, category, opdId });
  const words = (list: string[]) => Math.max(...list.map((w) => w.length));
  const lengths: (number | undefined)[] = [];
  lengths[2] = Math.max(longest.name, t('reports.total').length);
  lengths[3] = longest.position;
  lengths[4] = longest.rank;
  lengths[5] = words(CATEGORIES.map((c) => t(`reports.categories.${c}`)));
  lengths[EMPLOYEE_COLS.length - 1] = words(STEP_ORDER.map((s) => stepLabel(t, s)));
  return fitWidths(EMPLOYEE_COLS, lengths);
}

function openSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, widths: number[]): Sheet {
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

/** Letterhead, title, period line and a note, each merged across the table's width. */
function head(sheet: Sheet, texts: ReportTexts, unitLine: string, note: string) {
  const width = sheet.columns.length;
  const lines: [string, Partial<ExcelJS.Font>][] = [
    [texts.pemda, font({ bold: true, size: 13 })],
    [texts.agency, font({ bold: true, size: 12 })],
    [texts.address, font({ italic: true, size: 9 })],
    [texts.title, font({ bold: true, size: 12 })],
    [`${texts.period} · ${unitLine}`, font({ size: 10 })],
    [note, font({ size: 8, italic: true })],
  ];
  lines.forEach(([text, f], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = f;
    row.getCell(1).alignment = { horizontal: i < 5 ? 'center' : 'left', vertical: 'middle', wrapText: i === 5 };
    if (i === 5) row.height = 24;
    sheet.mergeCells(i + 1, 1, i + 1, width);
    row.commit();
  });
}

function header(sheet: Sheet, labels: string[]) {
  const row = sheet.getRow(HEADER_ROW);
  labels.forEach((label, i) => {
    const cell = row.getCell(i + 1);
    cell.value = label;
    cell.font = font({ bold: true, size: 10 });
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  row.height = 30;
  row.commit();
}

function dataRow(sheet: Sheet, cells: Cell[], cols: StyledCol[], bold = false) {
  const row = sheet.addRow(cells.map((c) => c ?? null));
  cells.forEach((_c, i) => {
    const col = cols[i];
    if (col) row.getCell(i + 1).style = bold ? col.bold : col.style;
  });
  row.commit();
}

function totalRow(sheet: Sheet, cells: Cell[], cols: StyledCol[]) {
  dataRow(sheet, cells, cols, true);
}

/** `rows`: one per unit, then the totals. */
function writeSummary(sheet: Sheet, rows: Cell[][], texts: ReportTexts, t: Translate) {
  head(sheet, texts, `${texts.unit}${texts.category ? ` · ${texts.category}` : ''}`, `${texts.rateNote} ${texts.tppNote} ${texts.rulesNote} ${texts.generated}`);
  header(sheet, summaryHeaders(t));
  rows.slice(0, -1).forEach((cells) => dataRow(sheet, cells, SUMMARY_COLS));
  totalRow(sheet, rows[rows.length - 1], SUMMARY_COLS);
  signature(sheet, texts, SUMMARY_COLS.length);
  sheet.commit();
}

/** Place and date, "Mengetahui", the official's title, room to sign, name, rank and NIP (right side). */
function signature(sheet: Sheet, texts: ReportTexts, width: number) {
  const first = Math.max(1, width - 6);
  const s = texts.signature;
  const lines: [string, Partial<ExcelJS.Font>][] = [
    ['', font()],
    [s.placeDate, font()],
    [s.acknowledged, font()],
    [s.title, font({ bold: true })],
    ['', font()],
    ['', font()],
    ['', font()],
    [s.name, font({ bold: true, underline: true })],
    ...(s.rank ? [[s.rank, font()] as [string, Partial<ExcelJS.Font>]] : []),
    [s.nip, font()],
  ];
  for (const [text, f] of lines) {
    const row = sheet.addRow([]);
    if (text) {
      const cell = row.getCell(first);
      cell.value = text;
      cell.font = f;
      cell.alignment = { horizontal: 'center' };
      sheet.mergeCells(row.number, first, row.number, width);
    }
    row.commit();
  }
}

function writeFlags(sheet: Sheet, rows: Cell[][], texts: ReportTexts, t: Translate) {
  head(sheet, texts, t('reports.sheet.flags'), t('reports.flags_note'));
  header(sheet, flagHeaders(t));
  rows.forEach((cells) => dataRow(sheet, cells, FLAG_COLS));
  sheet.commit();
}

/**
 * Waits while the compressor or the response is full, so a slow client slows the writer
 * instead of filling memory. ExcelJS writes a sheet's XML into the zip's deflate stream without
 * looking at its backpressure; that stream is reached through the sheet's internal pipe.
 */
function needsDrain(w: Writable): boolean {
  // The zip's streams come from the readable-stream package, which predates writableNeedDrain.
  return w.writableNeedDrain ?? (w as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;
}

async function drained(sheet: Sheet, out: Writable): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
  for (const p of pipes) if (needsDrain(p)) await once(p, 'drain');
  if (out.writableNeedDrain) await once(out, 'drain');
  await new Promise((resolve) => setImmediate(resolve));
}
