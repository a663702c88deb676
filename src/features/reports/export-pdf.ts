import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { Language } from '../../config';
import type { Db } from '../../db/connect';
import type { Translate } from '../../i18n/t';
import {
  STATUS_ORDER,
  employeeCells,
  employeeHeaders,
  localeOf,
  reportTexts,
  summaryCells,
  summaryHeaders,
  type Cell,
  type ReportTexts,
} from './export-texts';
import { FlaggedList, flagHeaders } from './flagged';
import { PageFooter } from './pdf-pages';
import { PdfTable, type PdfColumn } from './pdf-table';
import { employeeBatches, type MonthlyReport } from './reports.service';

/*
 * The A4 landscape PDF: letterhead, title and period, the summary per OPD and the signature
 * block right under it (the page the official signs; the detail can run to hundreds of pages),
 * then from a new page one table per OPD (its header repeated on every page it spans), then the
 * flags, and "Halaman X dari Y" on every page (see pdf-pages.ts: pages are streamed, not
 * buffered). The built-in Helvetica needs no font file; it covers Latin text only.
 */
const MARGIN = { top: 32, bottom: 40, left: 30, right: 30 };
const FONT_SIZE = 7;

export interface PdfOptions {
  /** Tests turn compression off to read the text. */
  compress?: boolean;
}

export async function writePdf(
  db: Db,
  report: MonthlyReport,
  out: Writable,
  t: Translate,
  lang: Language,
  options: PdfOptions = {},
): Promise<void> {
  const texts = reportTexts(report, t, lang);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    autoFirstPage: false,
    compress: options.compress ?? true,
    info: { Title: `${texts.title} ${texts.monthLabel}`, Author: texts.agency, Creator: 'Ikrar' },
  });
  doc.pipe(out);
  const footer = new PageFooter(doc, {
    left: `${texts.title} · ${texts.monthLabel}`,
    pageOf: (page) => `${t('reports.page_of_prefix', { page })} `,
  });
  doc.addPage();
  letterhead(doc, texts);
  section(doc, t('reports.summary_heading'));
  const number = (v: number | null) => (v == null ? '' : v.toLocaleString(localeOf(lang)));
  const percent = (v: number | null) => (v == null ? '–' : v.toLocaleString(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }));
  const show = (cells: Cell[], percentAt: number[]) =>
    cells.map((c, i) => (percentAt.includes(i) && typeof c !== 'string' ? percent(c) : typeof c === 'number' ? number(c) : (c ?? '')));

  const summary = new PdfTable(doc, summaryColumns(summaryHeaders(t)), { fontSize: FONT_SIZE, continued: t('reports.summary_continued') });
  summary.start();
  report.units.forEach((u, i) => summary.row(show(summaryCells(u, i + 1, t), [8, 9])));
  summary.row(show(summaryCells(report.totals, null, t), [8, 9]), { bold: true, fill: '#eef1f7' });
  signature(doc, texts);

  doc.addPage();
  section(doc, t('reports.employees_heading'));
  const flagged = new FlaggedList();
  for (const [i, unit] of report.units.entries()) {
    const opd = unit.opd!;
    const caption = `${i + 1}. ${opd.name} (${opd.code})`;
    const table = new PdfTable(doc, employeeColumns(employeeHeaders(t, false)), {
      fontSize: FONT_SIZE,
      continued: `${caption} ${t('reports.continued')}`,
    });
    table.start(caption);
    let n = 0;
    for await (const batch of employeeBatches(db, report, opd.id)) {
      for (const r of batch) {
        table.row(show(employeeCells(r, ++n, t, false), [16, 17]));
        flagged.add(r, opd.code);
      }
    }
    if (n === 0) table.row([t('reports.no_employees')]);
    doc.moveDown(0.8);
  }
  flags(doc, flagged, t, show);
  footer.finish();
  doc.end();
  await finished(out);
}

function letterhead(doc: PDFKit.PDFDocument, texts: ReportTexts) {
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const x = MARGIN.left;
  doc.font('Helvetica-Bold').fontSize(13).text(texts.pemda, x, MARGIN.top, { width, align: 'center' });
  doc.fontSize(12).text(texts.agency, { width, align: 'center' });
  doc.font('Helvetica').fontSize(8.5).text(texts.address, { width, align: 'center' });
  const y = doc.y + 3;
  doc.moveTo(x, y).lineTo(x + width, y).lineWidth(1.6).stroke();
  doc.moveTo(x, y + 2.5).lineTo(x + width, y + 2.5).lineWidth(0.5).stroke();
  doc.y = y + 10;
  doc.font('Helvetica-Bold').fontSize(11).text(texts.title, x, doc.y, { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).text(texts.period, { width, align: 'center' });
  doc.text([texts.unit, texts.category].filter(Boolean).join(' · '), { width, align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(7.5).text(texts.rateNote, { width });
  doc.text(texts.tppNote, { width });
  doc.text(texts.rulesNote, { width });
  doc.text(texts.legend, { width });
  doc.moveDown(0.6);
}

/** The same list as the XLSX flags sheet: everyone with an open step, and the step. */
function flags(doc: PDFKit.PDFDocument, flagged: FlaggedList, t: Translate, show: (cells: Cell[], percentAt: number[]) => string[]) {
  // The heading, its note and the table's first rows stay together.
  if (doc.y + 110 > doc.page.height - MARGIN.bottom) doc.addPage();
  section(doc, t('reports.flags_heading'));
  doc.font('Helvetica').fontSize(7.5).text(t('reports.flags_note'), MARGIN.left, doc.y);
  doc.moveDown(0.3);
  const widths = [22, 78, 160, 70, 200, 40, 40, 40, 120];
  const right = new Set([0, 5, 6, 7]);
  const columns = flagHeaders(t).map((label, i) => ({ label, width: widths[i], align: right.has(i) ? ('right' as const) : ('left' as const) }));
  const table = new PdfTable(doc, columns, { fontSize: FONT_SIZE, continued: `${t('reports.flags_heading')} ${t('reports.continued')}` });
  table.start();
  for (const cells of flagged.cells(t)) table.row(show(cells, []));
  if (flagged.size === 0) table.row([t('reports.no_flags')]);
}

function section(doc: PDFKit.PDFDocument, text: string) {
  if (doc.y + 60 > doc.page.height - MARGIN.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(9.5).text(text, MARGIN.left, doc.y);
  doc.moveDown(0.3);
}

/** Right-aligned under the summary, with room for the signature and stamp. */
function signature(doc: PDFKit.PDFDocument, texts: ReportTexts) {
  const height = 140;
  if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
  const width = 240;
  const x = doc.page.width - MARGIN.right - width;
  const s = texts.signature;
  doc.y += 10;
  doc.font('Helvetica').fontSize(9).text(s.placeDate, x, doc.y, { width, align: 'center' });
  doc.text(s.acknowledged, { width, align: 'center' });
  doc.font('Helvetica-Bold').text(s.title, { width, align: 'center' });
  doc.y += 45;
  doc.text(s.name, { width, align: 'center', underline: true });
  doc.font('Helvetica');
  if (s.rank) doc.text(s.rank, { width, align: 'center' });
  doc.text(s.nip, { width, align: 'center' });
  doc.x = MARGIN.left;
}

function summaryColumns(labels: string[]): PdfColumn[] {
  const widths = [20, 58, 150, 40, 40, 40, 40, 45, 46, 46, ...STATUS_ORDER.map(() => 28)];
  return labels.map((label, i) => ({ label, width: widths[i], align: i === 1 || i === 2 ? 'left' : 'right' }));
}

function employeeColumns(labels: string[]): PdfColumn[] {
  const widths = [22, 78, 122, 84, 34, 54, ...STATUS_ORDER.map(() => 21), 24, 38, 38, 28, 70];
  const left = new Set([1, 2, 3, 4, 5, labels.length - 1]);
  return labels.map((label, i) => ({ label, width: widths[i], align: left.has(i) ? 'left' : 'right' }));
}
