import type { Db } from '../../db/connect';
import { slicer } from '../../lib/cooperate';
import { readCsvRecords } from '../../lib/csv-records';
import { quoted } from '../../lib/problems';
import { expectedAttendees } from './expected';
import type { SessionTarget } from './session-target';
import { isCutiType, isStatus } from './sessions.schema';

/*
 * A roll-call from a CSV file (docs/DESIGN.md, "Integration"), e.g. a fingerprint machine's export: NIP, status and
 * an optional note. Header names are matched case-insensitively in Indonesian or English; the
 * separator is `,` or `;` (Excel in an Indonesian locale writes `;`); a UTF-8 BOM is ignored.
 * Every line is checked before anything is used, and each problem is reported with its line.
 * A unit's roll-call is at most a few thousand lines: a longer file (a fingerprint machine's
 * whole scan log) is refused as soon as reading passes MAX_LINES, without reading the rest.
 */
export const MAX_LINES = 10_000;

export interface ImportLineError {
  line: number;
  /** i18n key under sessions.import.errors, with {value}. */
  key: string;
  value: string;
}

export interface ImportedRow {
  employeeId: number;
  /** The select value of the form: a status code or C:<cuti type>. */
  value: string;
  note: string;
}

export type ImportResult =
  | { ok: true; rows: ImportedRow[] }
  | { ok: false; fileError?: string; fileVars?: Record<string, number>; errors: ImportLineError[] };

const HEADERS: Record<'nip' | 'status' | 'note', string[]> = {
  nip: ['nip', 'nip/ni pppk', 'ni pppk', 'nomor induk', 'employee number', 'employee id'],
  status: ['status', 'kode', 'kode status', 'code', 'status code', 'kehadiran', 'attendance'],
  note: ['note', 'notes', 'catatan', 'keterangan', 'ket', 'remark', 'remarks'],
};

function columnOf(header: string[], names: string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

function delimiterOf(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

interface Line {
  line: number;
  nip: string;
  status: string;
  note: string;
}

export async function parseRollCallCsv(text: string): Promise<{ lines: Line[] } | { fileError: string; vars?: Record<string, number> }> {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const options = { delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true };
    const read = await readCsvRecords(text, options, MAX_LINES + 1);
    if (read.more) return { fileError: 'sessions.import.errors.too_many', vars: { n: MAX_LINES } };
    records = read.records;
  } catch {
    return { fileError: 'sessions.import.errors.unreadable' };
  }
  if (records.length === 0) return { fileError: 'sessions.import.errors.empty' };
  const header = records[0].record;
  const col = { nip: columnOf(header, HEADERS.nip), status: columnOf(header, HEADERS.status), note: columnOf(header, HEADERS.note) };
  if (col.nip < 0 || col.status < 0) return { fileError: 'sessions.import.errors.columns' };
  const lines = records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    // Exports often group the NIP's parts with spaces (19850101 201001 1 001).
    nip: (record[col.nip] ?? '').replace(/\s+/g, ''),
    status: (record[col.status] ?? '').trim(),
    note: col.note >= 0 ? (record[col.note] ?? '').trim() : '',
  }));
  if (lines.length === 0) return { fileError: 'sessions.import.errors.empty' };
  return { lines };
}

/** "c : tahunan" → "C:tahunan"; null when it is not a code the roll-call knows. */
function statusValue(raw: string): string | null {
  const [code, cuti] = raw.split(':').map((p) => p.trim());
  const status = code.toUpperCase();
  if (!isStatus(status)) return null;
  if (cuti === undefined || cuti === '') return status;
  const type = cuti.toLowerCase().replace(/\s+/g, '_');
  return status === 'C' && isCutiType(type) ? `C:${type}` : null;
}

export async function checkRollCallImport(db: Db, target: SessionTarget, text: string): Promise<ImportResult> {
  const parsed = await parseRollCallCsv(text);
  if ('fileError' in parsed) return { ok: false, fileError: parsed.fileError, fileVars: parsed.vars, errors: [] };
  const expected = await expectedAttendees(db, target.opd.id, target.pledgeDate, target.settings);
  const byNip = new Map(expected.map((e) => [e.nip, e.id]));
  const errors: ImportLineError[] = [];
  const rows: ImportedRow[] = [];
  const seen = new Set<string>();
  const pause = slicer();
  for (const l of parsed.lines) {
    await pause();
    const fail = (key: string, value = l.nip) => errors.push({ line: l.line, key: `sessions.import.errors.${key}`, value: quoted(value) });
    if (!l.nip) fail('nip_missing');
    // One message whether the NIP exists elsewhere or nowhere: it must not confirm another unit's people.
    else if (!byNip.has(l.nip)) fail('not_expected');
    else if (seen.has(l.nip)) fail('duplicate');
    const value = statusValue(l.status);
    if (!value) fail('unknown_status', l.status);
    if (l.nip) seen.add(l.nip);
    if (value && byNip.has(l.nip)) rows.push({ employeeId: byNip.get(l.nip)!, value, note: l.note.slice(0, 200) });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
