import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';

/** supertest parser that keeps a download's bytes as a Buffer. */
export function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

export async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs's types predate Node's generic Buffer; the bytes are what it wants.
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return wb;
}

/** Every row of a sheet as an array of cell values (index 0 = column A). */
export function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return Array.from(rows, (r) => r ?? []);
}

/** The content of every stream object, inflated when compressed (read by its /Length). */
function pdfStreams(raw: string): { dict: string; content: string }[] {
  const out: { dict: string; content: string }[] = [];
  for (const m of raw.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const length = /\/Length (\d+)/.exec(m[1]);
    if (!length) continue;
    const start = m.index! + m[0].length;
    const bytes = Buffer.from(raw.slice(start, start + Number(length[1])), 'latin1');
    const content = /FlateDecode/.test(m[1]) ? zlib.inflateSync(bytes).toString('latin1') : bytes.toString('latin1');
    out.push({ dict: m[1], content });
  }
  return out;
}

function tjText(content: string): string[] {
  return [...content.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((tj) =>
    [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''),
  );
}

/**
 * The text PDFKit drew, one line per text operation: the hex strings of each TJ array
 * (WinAnsi, Latin-1 for our text) decoded and joined.
 */
export function pdfText(body: Buffer): string {
  return pdfStreams(body.toString('latin1')).flatMap((s) => tjText(s.content)).join('\n');
}

/** The text of the Form XObjects (the page count that every footer draws by reference). */
export function pdfFormText(body: Buffer): string {
  return pdfStreams(body.toString('latin1'))
    .filter((s) => s.dict.includes('/Subtype /Form'))
    .flatMap((s) => tjText(s.content))
    .join('\n');
}

export function pdfPageCount(body: Buffer): number {
  return (body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}


/**
 * The text of each page, in page order (the /Kids of the page tree), one line per text
 * operation. Each page's content stream is found through its /Contents reference.
 */
export function pdfPageTexts(body: Buffer): string[] {
  const raw = body.toString('latin1');
  const streams = new Map<string, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*<<((?:(?!\bobj\b)[^])*?)>>\s*stream\r?\n/g)) {
    const length = /\/Length (\d+)/.exec(m[2]);
    if (!length) continue;
    const start = m.index! + m[0].length;
    const bytes = Buffer.from(raw.slice(start, start + Number(length[1])), 'latin1');
    streams.set(m[1], /FlateDecode/.test(m[2]) ? zlib.inflateSync(bytes).toString('latin1') : bytes.toString('latin1'));
  }
  const kids = /\/Type \/Pages[^]*?\/Kids \[([^\]]*)\]/.exec(raw)?.[1] ?? '';
  return [...kids.matchAll(/(\d+) 0 R/g)].map((kid) => {
    const page = new RegExp(`(?:^|\\s)${kid[1]} 0 obj\\s*<<([^]*?)>>`).exec(raw)?.[1] ?? '';
    const contents = /\/Contents (\d+) 0 R/.exec(page)?.[1];
    return contents ? tjText(streams.get(contents) ?? '').join('\n') : '';
  });
}
