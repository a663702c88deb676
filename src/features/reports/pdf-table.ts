/**
 * A plain table for PDFKit: fixed column widths, text too long for its column wrapped onto more
 * lines (the row grows to fit), and the header drawn again at the top of every page the table
 * reaches, with a caption saying whose table continues. PDFKit's own table() does not repeat
 * headers.
 */
export interface PdfColumn {
  label: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** Room between a cell's border and its text. */
const PAD = 2;

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
    const font = () => this.doc.fillColor('black').font(style.bold ? BOLD : FONT).fontSize(this.opts.fontSize);
    font();
    const widths = this.spans(cells.length);
    const lines = cells.map((value, i) => this.wrap(value ?? '', widths[i] - 2 * PAD));
    const lineHeight = this.doc.currentLineHeight(true);
    const height = this.rowHeight + (Math.max(1, ...lines.map((l) => l.length)) - 1) * lineHeight;
    if (this.doc.y + height > this.bottom()) {
      this.doc.addPage();
      if (this.opts.continued) this.caption(this.opts.continued);
      this.header();
      font();
    }
    const y = this.doc.y;
    if (style.fill) this.doc.rect(this.left(), y, this.width(), height).fill(style.fill).fillColor('black');
    this.draw(lines, widths, y, lineHeight);
    this.line(y + height, 0.3);
    this.doc.x = this.left();
    this.doc.y = y + height;
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
    // A long unit name wraps rather than losing its end.
    this.doc.text(text, this.left(), this.doc.y, { width: this.width() });
    this.doc.y += 2;
  }

  private cells(values: string[], y: number, height: number, lines: number): void {
    let x = this.left();
    const lineHeight = this.doc.currentLineHeight(true);
    values.forEach((value, i) => {
      const col = this.columns[i];
      this.doc.text(value ?? '', x + PAD, y + PAD + 0.5, {
        width: col.width - 2 * PAD,
        height: Math.min(height - PAD, lineHeight * lines),
        ellipsis: true,
        align: col.align ?? 'left',
        lineGap: 0,
      });
      x += col.width;
    });
  }

  /**
   * Lines placed by hand: PDFKit's line wrapper is the slow part of text(), and most cells fit
   * on one line, which costs one width measurement here.
   */
  private draw(lines: string[][], widths: number[], y: number, lineHeight: number): void {
    let x = this.left();
    lines.forEach((cell, i) => {
      const align = widths[i] === this.columns[i].width ? this.columns[i].align : 'left';
      cell.forEach((text, n) => {
        const width = this.doc.widthOfString(text);
        const tx = align === 'right' ? x + widths[i] - PAD - width : align === 'center' ? x + (widths[i] - width) / 2 : x + PAD;
        this.doc.text(text, tx, y + PAD + 0.5 + n * lineHeight, { lineBreak: false });
      });
      x += widths[i];
    });
  }

  /** Column widths for a row of `count` cells: a short row's last cell spans the rest. */
  private spans(count: number): number[] {
    const widths = this.columns.slice(0, count).map((c) => c.width);
    if (count < this.columns.length) widths[count - 1] += this.columns.slice(count).reduce((a, c) => a + c.width, 0);
    return widths;
  }

  /** Splits text into lines that fit `room`, at spaces, or inside a word longer than a line. */
  private wrap(text: string, room: number): string[] {
    if (this.doc.widthOfString(text) <= room) return [text];
    const lines: string[] = [];
    let current = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (this.doc.widthOfString(candidate) <= room) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      current = word;
      while (this.doc.widthOfString(current) > room && current.length > 1) {
        let cut = current.length - 1;
        while (cut > 1 && this.doc.widthOfString(current.slice(0, cut)) > room) cut--;
        // Codes like KEL-MEKARSARI-UTARA break after a hyphen or slash when one fits.
        const soft = Math.max(current.lastIndexOf('-', cut - 1), current.lastIndexOf('/', cut - 1)) + 1;
        if (soft > 0) cut = soft;
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current) lines.push(current);
    return lines;
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
