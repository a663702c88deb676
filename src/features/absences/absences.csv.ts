import { CsvError } from 'csv-parse';
import { CUTI_TYPES, PLANNED_STATUSES, type PlannedStatus } from '../../db/database';
import { isRealDate } from '../../http/validate';
import { readCsvRecords, type CsvRecord } from '../../lib/csv-records';

/** One data line of an absence CSV as typed, with its line number in the file. */
export interface RawLine {
  line: number;
  nip: string;
  from: string;
  to: string;
  status: string;
  cuti_type: string;
  reference: string;
  note: string;
}

export type ParseResult = { ok: true; lines: RawLine[] } | { ok: false; error: string };

export const MAX_LINES = 10_000;

/*
 * Header names as BKD staff and fingerprint-machine exports write them, Indonesian or English,
 * matched after lower-casing and folding spaces, dots, dashes and underscores.
 */
const HEADERS: Record<keyof Omit<RawLine, 'line'>, string[]> = {
  nip: ['nip', 'ni pppk', 'nip nipppk', 'nomor induk pegawai'],
  from: ['from', 'dari', 'mulai', 'tanggal mulai', 'tgl mulai', 'dari tanggal', 'start', 'start date'],
  to: ['to', 'sampai', 'selesai', 'tanggal selesai', 'tgl selesai', 'sampai tanggal', 'hingga', 'end', 'end date'],
  status: ['status', 'kode', 'jenis', 'code', 'kind'],
  reference: ['reference', 'ref', 'nomor surat', 'no surat', 'nomor', 'surat', 'dokumen', 'document', 'document ref'],
  cuti_type: ['jenis cuti', 'tipe cuti', 'cuti type', 'leave type'],
  note: ['note', 'notes', 'catatan', 'keterangan'],
};
const REQUIRED = ['nip', 'from', 'to', 'status', 'reference'] as const;

const fold = (s: string) => s.toLowerCase().replace(/[\s._\-/]+/g, ' ').trim();

function columnsOf(header: string[]): Partial<Record<keyof typeof HEADERS, number>> {
  const cols: Partial<Record<keyof typeof HEADERS, number>> = {};
  header.forEach((name, i) => {
    const f = fold(name);
    for (const [key, aliases] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) {
      if (cols[key] === undefined && aliases.includes(f)) cols[key] = i;
    }
  });
  return cols;
}

/** `;` (Indonesian Excel) or `,`, whichever the header line uses more. */
function delimiterOf(text: string): ';' | ',' {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Reads the file as a stream and stops once it has more than MAX_LINES data lines: a longer
 * file is refused without reading the rest. Lines with only separators do not count.
 */
export async function parseAbsenceCsv(text: string): Promise<ParseResult> {
  let records: CsvRecord[];
  try {
    const options = { bom: true, delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, trim: true };
    const read = await readCsvRecords(text, options, MAX_LINES + 1, (record) => record.some((v) => v !== ''));
    if (read.more) return { ok: false, error: `absences.import.too_many|${MAX_LINES}` };
    records = read.records;
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, error: `absences.import.unreadable|${(err as CsvError & { lines?: number }).lines ?? '?'}` };
    throw err;
  }
  if (records.length === 0) return { ok: false, error: 'absences.import.empty' };
  const cols = columnsOf(records[0].record);
  const missing = REQUIRED.filter((k) => cols[k] === undefined);
  if (missing.length) return { ok: false, error: `absences.import.missing_columns|${missing.map((k) => HEADERS[k][0]).join(', ')}` };
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, error: 'absences.import.empty' };
  const cell = (record: string[], key: keyof typeof HEADERS) => (cols[key] === undefined ? '' : (record[cols[key]!] ?? '').trim());
  return {
    ok: true,
    lines: data.map(({ record, info }) => ({
      line: info.lines,
      nip: cell(record, 'nip'),
      from: cell(record, 'from'),
      to: cell(record, 'to'),
      status: cell(record, 'status'),
      cuti_type: cell(record, 'cuti_type'),
      reference: cell(record, 'reference'),
      note: cell(record, 'note'),
    })),
  };
}

/** 'YYYY-MM-DD', or the day-first 'DD/MM/YYYY' and 'DD-MM-YYYY' that Indonesian Excel writes. */
export function parseCsvDate(value: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
  m = iso ? null : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const date = iso ?? (m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : null);
  return date && isRealDate(date) ? date : null;
}

const STATUS_WORDS: Record<string, PlannedStatus> = {
  'dinas luar': 'DL',
  cuti: 'C',
  sakit: 'S',
  izin: 'I',
  ijin: 'I',
  'tugas belajar': 'TB',
  'cuti di luar tanggungan negara': 'CLTN',
};

/** A status code (DL, C, S, I, TB, CLTN) in any case, or its Indonesian name. */
export function parseStatus(value: string): PlannedStatus | null {
  const upper = value.trim().toUpperCase();
  if ((PLANNED_STATUSES as readonly string[]).includes(upper)) return upper as PlannedStatus;
  return STATUS_WORDS[fold(value)] ?? null;
}

/** '' (none), or a cuti type such as "tahunan" or "Alasan Penting". */
export function parseCutiType(value: string): string | null | undefined {
  if (value.trim() === '') return null;
  const v = fold(value).replace(/^cuti /, '').replace(/ /g, '_');
  return (CUTI_TYPES as readonly string[]).includes(v) ? v : undefined;
}
