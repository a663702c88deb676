/**
 * A plain table for PDFKit: fixed column widths, one line per row (long text ends in an
 * ellipsis), and the header drawn again at the top of every page the table reaches, with a
 * caption saying whose table continues. PDFKit's own table() does not repeat headers.
 */
export interface PdfColumn {
  label: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

export class PdfTable {
  private readonly rowHeight: number;
  private readonly headerHeight: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly columns: PdfColumn[],
    private readonly opts: { fontSize: number; continued?: string },
  ) {
    this.rowHeight = Math.ceil(opts.fontSize * 1.75);
    this.headerHeight = Math.ceil(opts.fontSize * 3.6);
  }

  /** Starts the table; a table whose header and first rows do not fit starts on a new page. */
  start(caption?: string): void {
    const needed = (caption ? this.rowHeight * 1.6 : 0) + this.headerHeight + this.rowHeight * 3;
    if (this.doc.y + needed > this.bottom()) this.doc.addPage();
    if (caption) this.caption(caption);
    this.header();
  }

  row(cells: string[], style: { bold?: boolean; fill?: string } = {}): void {
    if (this.doc.y + this.rowHeight > this.bottom()) {
      this.doc.addPage();
      if (this.opts.continued) this.caption(this.opts.continued);
      this.header();
    }
    const y = this.doc.y;
    if (style.fill) this.doc.rect(this.left(), y, this.width(), this.rowHeight).fill(style.fill);
    this.doc.fillColor('black').font(style.bold ? BOLD : FONT).fontSize(this.opts.fontSize);
    this.line1(cells, y);
    this.line(y + this.rowHeight, 0.3);
    this.doc.x = this.left();
    this.doc.y = y + this.rowHeight;
  }

  private header(): void {
    const y = this.doc.y;
    this.doc.rect(this.left(), y, this.width(), this.headerHeight).fill('#d9e1f2');
    this.doc.fillColor('black').font(BOLD).fontSize(this.opts.fontSize - 0.5);
    this.cells(
      this.columns.map((c) => c.label),
      y,
      this.headerHeight,
      3,
    );
    this.line(y, 0.6);
    this.line(y + this.headerHeight, 0.6);
    this.doc.x = this.left();
    this.doc.y = y + this.headerHeight;
  }

  private caption(text: string): void {
    this.doc.fillColor('black').font(BOLD).fontSize(this.opts.fontSize + 1.5);
    this.doc.text(text, this.left(), this.doc.y, { width: this.width(), height: this.rowHeight * 1.6, ellipsis: true });
    this.doc.y += 2;
  }

  private cells(values: string[], y: number, height: number, lines: number): void {
    let x = this.left();
    const pad = 2;
    const lineHeight = this.doc.currentLineHeight(true);
    values.forEach((value, i) => {
      const col = this.columns[i];
      this.doc.text(value ?? '', x + pad, y + pad + 0.5, {
        width: col.width - 2 * pad,
        height: Math.min(height - pad, lineHeight * lines),
        ellipsis: true,
        align: col.align ?? 'left',
        lineGap: 0,
      });
      x += col.width;
    });
  }

  /**
   * One line per cell, placed by hand: PDFKit's line wrapper is the slow part of text() and
   * a row needs none, so text too wide for its column is cut with an ellipsis here instead.
   */
  private line1(values: string[], y: number): void {
    let x = this.left();
    const pad = 2;
    values.forEach((value, i) => {
      const col = this.columns[i];
      const text = this.fit(value ?? '', col.width - 2 * pad);
      const width = this.doc.widthOfString(text);
      const tx = col.align === 'right' ? x + col.width - pad - width : col.align === 'center' ? x + (col.width - width) / 2 : x + pad;
      this.doc.text(text, tx, y + pad + 0.5, { lineBreak: false });
      x += col.width;
    });
  }

  private fit(text: string, room: number): string {
    if (this.doc.widthOfString(text) <= room) return text;
    let cut = text;
    while (cut.length > 0 && this.doc.widthOfString(`${cut}…`) > room) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  private line(y: number, width: number): void {
    this.doc
      .moveTo(this.left(), y)
      .lineTo(this.left() + this.width(), y)
      .lineWidth(width)
      .strokeColor('#555555')
      .stroke();
  }

  private left(): number {
    return this.doc.page.margins.left;
  }

  private width(): number {
    return this.columns.reduce((a, c) => a + c.width, 0);
  }

  private bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
}
