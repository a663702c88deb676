import { Readable } from 'node:stream';
import unzipper from 'unzipper';
import { slicer } from '../../lib/cooperate';

/*
 * An .xlsx is a zip, and a zip entry of 1 MB can inflate to a gigabyte (a "zip bomb"). Before
 * exceljs reads anything, every entry is inflated once here and only counted, with the same
 * zip reader exceljs uses (so both see the same entries), and reading stops as soon as a
 * limit is passed. A real export of 63,000 employees is about 24 MB inflated, 5 MB of it
 * shared strings; the limits leave room for exports with many more columns.
 */
export const MAX_INFLATED = 128 * 1024 * 1024;
/* exceljs keeps every shared string in memory: that part has a lower limit. */
export const MAX_SHARED_STRINGS = 32 * 1024 * 1024;

function limitOf(path: string): number {
  return path === 'xl/sharedStrings.xml' ? MAX_SHARED_STRINGS : MAX_INFLATED;
}

/**
 * True when the zip inflates beyond the limits: an entry that declares a size over its limit
 * is refused before it is inflated, one that lies about its size when its real size passes.
 * Throws when the zip cannot be read.
 */
export async function inflatesTooMuch(data: Buffer): Promise<boolean> {
  const source = Readable.from([data]);
  const zip = source.pipe(unzipper.Parse({ forceStream: true }));
  const pause = slicer();
  let total = 0;
  try {
    for await (const entry of zip as AsyncIterable<unzipper.Entry>) {
      const limit = limitOf(entry.path);
      // The local header's size (0 when the zip puts it after the data): the types omit it.
      const declared = (entry.vars as { uncompressedSize?: number }).uncompressedSize ?? 0;
      if (declared > limit || total + declared > MAX_INFLATED) return true;
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        total += chunk.length;
        if (size > limit || total > MAX_INFLATED) return true;
        await pause();
      }
    }
  } finally {
    source.destroy();
    zip.destroy();
  }
  return false;
}
