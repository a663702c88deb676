/**
 * "Halaman X dari Y" without holding the document in memory. PDFKit can only number pages
 * after the fact when it buffers every page (bufferPages), which for a province (1,500+ pages)
 * costs gigabytes. Instead every page is flushed as soon as it is full, and Y is a Form XObject
 * that every footer draws by reference: one small object whose content, the page count, is
 * written when the document ends (PDF objects may come in any order).
 */
export class PageFooter {
  private readonly total: PDFKit.PDFKitReference;
  private pages = 0;
  private readonly name = 'TotalPages';

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly texts: { left: string; pageOf: (page: number) => string },
    private readonly size = 7,
  ) {
    this.doc.font('Helvetica').fontSize(size);
    const font = this.currentFont();
    this.total = doc.ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, -2, 60, size + 2],
      Resources: { Font: { [font.id]: font.ref() } },
    });
    doc.on('pageAdded', () => this.stamp());
  }

  get count(): number {
    return this.pages;
  }

  /** Writes the page count into the shared object; call before doc.end(). */
  finish(): void {
    const font = this.currentFont();
    const digits = Buffer.from(String(this.pages), 'latin1').toString('hex');
    this.total.end(`BT /${font.id} ${this.size} Tf 0 0 Td [<${digits}>] TJ ET`);
  }

  private stamp(): void {
    const doc = this.doc;
    this.pages++;
    const { x, y } = doc;
    const margins = doc.page.margins;
    const bottom = margins.bottom;
    // Inside the bottom margin: lift it so PDFKit does not start another page.
    margins.bottom = 0;
    const top = doc.page.height - 26;
    doc.font('Helvetica').fontSize(this.size).fillColor('#444444');
    doc.text(this.texts.left, margins.left, top, { lineBreak: false });
    const label = this.texts.pageOf(this.pages);
    const right = doc.page.width - margins.right - 18;
    const start = right - doc.widthOfString(label);
    doc.text(label, start, top, { lineBreak: false });
    // Back to PDF's own coordinates (PDFKit flips y) to place the count on the same baseline.
    const baseline = doc.page.height - top - (this.currentFont().ascender / 1000) * this.size;
    doc.save();
    doc.transform(1, 0, 0, -1, 0, doc.page.height);
    (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[this.name] = this.total;
    doc.addContent(`1 0 0 1 ${right.toFixed(2)} ${baseline.toFixed(2)} cm /${this.name} Do`);
    doc.restore();
    doc.fillColor('black');
    margins.bottom = bottom;
    doc.x = x;
    doc.y = y;
  }

  private currentFont(): { id: string; ascender: number; ref(): PDFKit.PDFKitReference } {
    // PDFKit keeps the current font in a private field; its id names it in page resources.
    return (this.doc as unknown as { _font: { id: string; ascender: number; ref(): PDFKit.PDFKitReference } })._font;
  }
}
