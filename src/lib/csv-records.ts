import { parse, type Options } from 'csv-parse';
import { slicer } from './cooperate';

/** A CSV record with its (last) line number in the file, as csv-parse's `info` gives it. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

export interface CsvRead {
  records: CsvRecord[];
  /** The file has more than `max` records: reading stopped there. */
  more: boolean;
}

/*
 * Small pieces keep each synchronous stretch short. csv-parse builds an error object for every
 * record whose length differs from the header's (even with relax_column_count), about 0.1 ms
 * each: 512 bytes of one-character lines is 256 such records, well under 100 ms.
 */
const CHUNK = 512;

/**
 * Parses an uploaded CSV as a stream (csv-parse's stream API, in 512-byte pieces, pausing for
 * other requests as it goes) and stops reading after `max` kept records: a file of a million
 * lines costs as much as one of `max`. `keep` drops records that do not count (blank lines).
 * Throws csv-parse's CsvError when the file is not CSV.
 */
export async function readCsvRecords(data: Buffer | string, options: Options, max: number, keep: (r: string[]) => boolean = () => true): Promise<CsvRead> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const parser = parse({ ...options, info: true });
  const records: CsvRecord[] = [];
  let more = false;
  let failure: Error | null = null;
  parser.on('data', (r: CsvRecord) => {
    if (more || !keep(r.record)) return;
    if (records.length === max) more = true;
    else records.push(r);
  });
  parser.on('error', (err) => (failure ??= err));
  const pause = slicer();
  for (let at = 0; at < bytes.length && !more && !failure; at += CHUNK) {
    parser.write(bytes.subarray(at, at + CHUNK));
    await pause();
  }
  if (!more && !failure) await new Promise<void>((resolve) => parser.end(resolve));
  parser.destroy();
  if (failure) throw failure;
  return { records, more };
}
