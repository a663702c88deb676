import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';

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

/**
 * The text PDFKit drew, one line per text operation: content streams are inflated and the hex
 * strings of each TJ array (WinAnsi, Latin-1 for our text) decoded and joined.
 */
export function pdfText(body: Buffer): string {
  const raw = body.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      content = m[1];
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const parts = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1'));
      lines.push(parts.join(''));
    }
  }
  return lines.join('\n');
}

export function pdfPageCount(body: Buffer): number {
  return (body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
