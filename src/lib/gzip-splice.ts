import zlib from 'node:zlib';

/*
 * A page whose big middle part is the same for everyone (a cached dashboard) and whose small
 * head and tail are per request (the signed-in header, the CSRF token). Compressing the whole
 * page per request costs milliseconds; instead the middle is deflated once, ending on a full
 * flush (byte-aligned, no reference to what follows), and each request wraps it in its head
 * and tail as stored (uncompressed) deflate blocks: one gzip member (RFC 1951, 1952) whose
 * per-request cost is a few kilobytes of copying and two small CRC-32s.
 */

/** The shared middle of a page, deflated once, with its CRC-32. */
export interface DeflatedPart {
  raw: Buffer;
  deflated: Buffer;
  crc: number;
}

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export function deflatePart(raw: Buffer): DeflatedPart {
  return { raw, deflated: zlib.deflateRawSync(raw, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH }), crc: zlib.crc32(raw) };
}

/** One valid gzip stream of `head + part + tail`. */
export function gzipAround(head: string, part: DeflatedPart, tail: string): Buffer {
  const h = Buffer.from(head);
  const t = Buffer.from(tail);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32Combine(crc32Combine(zlib.crc32(h), part.crc, part.raw.length), zlib.crc32(t), t.length), 0);
  trailer.writeUInt32LE((h.length + part.raw.length + t.length) % 2 ** 32, 4);
  return Buffer.concat([HEADER, ...stored(h, false), part.deflated, ...stored(t, true), trailer]);
}

/** Stored deflate blocks (type 00) of at most 65,535 bytes; the last one final if asked. */
function stored(data: Buffer, final: boolean): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length || (final && !out.length); at += 0xffff) {
    const chunk = data.subarray(at, at + 0xffff);
    const header = Buffer.alloc(5);
    header[0] = final && at + 0xffff >= data.length ? 1 : 0;
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(header, chunk);
  }
  return out;
}

/*
 * zlib's crc32_combine (not exposed by Node): the CRC of A+B from crc(A), crc(B) and B's
 * length, without reading B again. Polynomial arithmetic modulo the reflected CRC-32 polynomial.
 */
const POLY = 0xedb88320;

function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) mod p(x). */
const X2N: number[] = [];
for (let k = 0, p = 0x40000000; k < 32; k++) {
  X2N.push(p);
  p = multModP(p, p);
}

/** x^(n * 2^k) mod p(x). */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  for (; n; n = Math.floor(n / 2), k++) if (n % 2) p = multModP(X2N[k & 31], p);
  return p;
}

export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}
