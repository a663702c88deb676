import { once } from 'node:events';
import zlib from 'node:zlib';

/*
 * Hostile uploads built in memory: a CSV of a million lines and a zip bomb dressed as .xlsx
 * (a valid workbook whose one sheet inflates to hundreds of MB from well under 1 MB).
 */

/** `header` then `lines` copies of `line`: 990,000 one-character lines are under 2 MB. */
export function manyLines(header: string, line: string, lines: number): Buffer {
  return Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc((line.length + 1) * lines, `${line}\n`)]);
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  /** Sizes only in a data descriptor after the data (as streaming zip writers do), not up front. */
  descriptor: boolean;
}

function deflated(name: string, text: string): Entry {
  const raw = Buffer.from(text);
  return { name, data: zlib.deflateRawSync(raw), crc: zlib.crc32(raw), size: raw.length, descriptor: false };
}

/** A sheet of a header row and `rows` identical rows, deflated as it is generated. */
async function sheet(rows: number, row: string): Promise<Entry> {
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const deflate = zlib.createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = 0;
  let size = 0;
  const feed = async (b: Buffer) => {
    crc = zlib.crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await once(deflate, 'drain');
  };
  await feed(Buffer.from(head + cellsRow(1, ['NIP', 'Nama', 'Unit', 'Kategori'])));
  const block = Buffer.from(row.repeat(Math.min(rows, 10_000)));
  for (let done = 0; done < rows; done += 10_000) await feed(rows - done >= 10_000 ? block : Buffer.from(row.repeat(rows - done)));
  await feed(Buffer.from('</sheetData></worksheet>'));
  deflate.end();
  await once(deflate, 'end');
  return { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat(out), crc, size, descriptor: true };
}

/** One sheet row of inline strings; rows of a bomb repeat one number (readers take them all). */
export function cellsRow(n: number, values: string[]): string {
  const cells = values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${n}" t="inlineStr"><is><t>${v}</t></is></c>`);
  return `<row r="${n}">${cells.join('')}</row>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Pegawai" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/**
 * A minimal .xlsx (inline strings, no shared strings) with a header row NIP, Nama, Unit,
 * Kategori and `rows` copies of `row`. With a million rows its sheet is hundreds of MB
 * inflated and under 1 MB in the file; its local header does not say how big.
 */
export async function xlsxWithRows(rows: number, row = cellsRow(2, ['1', 'x', 'y', 'z'])): Promise<Buffer> {
  const entries = [
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('_rels/.rels', ROOT_RELS),
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    await sheet(rows, row),
  ];
  return zip(entries);
}

/** The zip container: local headers, data (and descriptors), central directory, end record. */
function zip(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const flags = e.descriptor ? 0x08 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.descriptor ? 0 : e.crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : e.data.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(e.crc, 4);
      descriptor.writeUInt32LE(e.data.length, 8);
      descriptor.writeUInt32LE(e.size, 12);
    }
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(flags, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    parts.push(local, name, e.data, descriptor);
    offset += local.length + name.length + e.data.length + descriptor.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
