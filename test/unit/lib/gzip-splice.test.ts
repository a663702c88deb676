import zlib from 'node:zlib';
import { crc32Combine, deflatePart, gzipAround } from '../../../src/lib/gzip-splice';

describe('gzipAround', () => {
  it('makes one gzip stream that any gunzip reads back as head + part + tail', () => {
    const middle = '<table>' + Array.from({ length: 3000 }, (_, i) => `<tr><td>OPD ${i % 97}</td><td>${(i * 7) % 100}%</td></tr>`).join('') + '</table>';
    const part = deflatePart(Buffer.from(middle));
    const head = '<!doctype html><header>Keluar · token abc123 · Ñamé</header><main>';
    const tail = '</main><footer>Ikrar</footer>';
    const gz = gzipAround(head, part, tail);
    expect(zlib.gunzipSync(gz).toString()).toBe(head + middle + tail);
    // A browser checks the trailer: a wrong CRC or length fails the whole response.
    expect(() => zlib.gunzipSync(gz, { finishFlush: zlib.constants.Z_FINISH })).not.toThrow();
    expect(gz.length).toBeLessThan(middle.length / 5);
  });

  it('reuses the same part for different heads and tails, and handles empty ones', () => {
    const part = deflatePart(Buffer.from('dashboard body ' + 'x'.repeat(10_000)));
    for (const [head, tail] of [['', ''], ['a', ''], ['', 'z'], ['user A <form>', '</html>']]) {
      expect(zlib.gunzipSync(gzipAround(head, part, tail)).toString()).toBe(`${head}dashboard body ${'x'.repeat(10_000)}${tail}`);
    }
    expect(zlib.gunzipSync(gzipAround('h', deflatePart(Buffer.alloc(0)), 't')).toString()).toBe('ht');
  });

  it('is refused by gunzip when the text changes after compression (the CRC covers it)', () => {
    const raw = Buffer.from('abc'.repeat(100));
    const part = deflatePart(raw);
    const forged = { ...part, crc: zlib.crc32('abd'.repeat(100)) };
    expect(() => zlib.gunzipSync(gzipAround('', forged, ''))).toThrow();
  });
});

describe('crc32Combine', () => {
  it('equals the CRC of the joined data', () => {
    const a = Buffer.from('kepala halaman ');
    for (const b of [Buffer.from('isi'), Buffer.alloc(70_000, 'x'), Buffer.alloc(1, 0), Buffer.alloc(0)]) {
      expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])));
    }
    expect(crc32Combine(0, zlib.crc32('z'), 1)).toBe(zlib.crc32('z'));
  });
});

describe('gzipAround with long heads', () => {
  it('splits a head or tail longer than one stored block (64 kB)', () => {
    const part = deflatePart(Buffer.from('<p>tengah</p>'));
    const head = 'h'.repeat(150_000);
    const tail = 't'.repeat(65_535);
    expect(zlib.gunzipSync(gzipAround(head, part, tail)).toString()).toBe(`${head}<p>tengah</p>${tail}`);
  });
});
