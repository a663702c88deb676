import type { Db } from '../../db/connect';
import type { PlannedStatus } from '../../db/database';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { nowIso } from '../../lib/clock';
import { slicer } from '../../lib/cooperate';
import { quoted } from '../../lib/problems';
import { isNarrowed, unitScope } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import {
  claimImport,
  findActiveRanges,
  findEmployeesByNip,
  findImportOf,
  insertAbsences,
  insertImport,
  type EmployeeUnit,
} from './absences.repository';
import { parseAbsenceCsv, parseCsvDate, parseCutiType, parseStatus, type RawLine } from './absences.csv';
import { visibleTo, type Actor } from './absences.service';
import { normalizeNip } from '../../lib/nip';

export const IMPORT_KIND = 'planned_absences';

/** Excel users type a leading apostrophe to keep an 18-digit NIP as text. */
const nipOf = (raw: string) => normalizeNip(raw.replace(/^'/, ''));

export interface LineError {
  line: number;
  nip: string;
  /** i18n keys, "key|value" when the message names something. */
  reasons: string[];
}

export interface ValidLine {
  line: number;
  employee: EmployeeUnit;
  status: PlannedStatus;
  cuti_type: string | null;
  start_date: string;
  end_date: string;
  document_ref: string;
  note: string | null;
}

export interface Checked {
  rows: ValidLine[];
  errors: LineError[];
}

function checkFields(l: RawLine, employee: EmployeeUnit | undefined, actor: Actor): { reasons: string[]; row?: Omit<ValidLine, 'line' | 'employee'> } {
  const reasons: string[] = [];
  if (!l.nip) reasons.push('absences.import.reason.nip_missing');
  // Another unit's NIP and an unknown one read the same to a unit operator.
  else if (!employee) reasons.push(isNarrowed(unitScope(actor.user, 'absences.edit')) ? 'absences.import.reason.not_in_unit' : 'absences.import.reason.unknown_nip');
  const start = parseCsvDate(l.from);
  const end = parseCsvDate(l.to);
  if (!start) reasons.push(`absences.import.reason.bad_from|${quoted(l.from)}`);
  if (!end) reasons.push(`absences.import.reason.bad_to|${quoted(l.to)}`);
  if (start && end && end < start) reasons.push('absences.import.reason.end_before_start');
  const status = parseStatus(l.status);
  if (!status) reasons.push(`absences.import.reason.unknown_status|${quoted(l.status)}`);
  const cuti = parseCutiType(l.cuti_type);
  if (cuti === undefined && status === 'C') reasons.push(`absences.import.reason.unknown_cuti|${quoted(l.cuti_type)}`);
  if (!l.reference) reasons.push('absences.import.reason.reference_missing');
  else if (l.reference.length > 100) reasons.push('absences.import.reason.reference_long');
  if (l.note.length > 500) reasons.push('absences.import.reason.note_long');
  const outOfService = (start && employee?.active_to != null && employee.active_to < start) || (end && employee && employee.active_from > end);
  if (outOfService) reasons.push('absences.import.reason.not_in_service');
  if (reasons.length || !start || !end || !status) return { reasons };
  return {
    reasons,
    row: {
      status,
      cuti_type: status === 'C' ? (cuti ?? null) : null,
      start_date: start,
      end_date: end,
      document_ref: l.reference,
      note: l.note || null,
    },
  };
}

/**
 * Checks every line against the database: NIPs in two queries, overlaps with existing absences
 * in one more, overlaps between lines of the file in memory. Nothing is written.
 */
export async function checkLines(db: Db, actor: Actor, lines: RawLine[], today: string): Promise<Checked> {
  const nips = [...new Set(lines.map((l) => nipOf(l.nip)).filter(Boolean))];
  const byNip = new Map(visibleTo(actor, await findEmployeesByNip(db, nips, today)).map((e) => [e.nip, e]));
  const errors: LineError[] = [];
  const rows: ValidLine[] = [];
  const pause = slicer();
  for (const l of lines) {
    await pause();
    const employee = byNip.get(nipOf(l.nip));
    const { reasons, row } = checkFields(l, employee, actor);
    if (row && employee) rows.push({ line: l.line, employee, ...row });
    else errors.push({ line: l.line, nip: quoted(l.nip, 30), reasons });
  }
  const good = rows.length ? await refuseOverlaps(db, rows, errors) : [];
  errors.sort((a, b) => a.line - b.line);
  return { rows: good, errors };
}

/**
 * Overlapping absences of one person would pre-fill a roll-call twice, so a line may overlap
 * neither an existing absence nor an earlier line of the file. Returns the lines that pass.
 */
async function refuseOverlaps(db: Db, rows: ValidLine[], errors: LineError[]): Promise<ValidLine[]> {
  const from = rows.reduce((m, r) => (r.start_date < m ? r.start_date : m), rows[0].start_date);
  const to = rows.reduce((m, r) => (r.end_date > m ? r.end_date : m), rows[0].end_date);
  const existing = await findActiveRanges(db, [...new Set(rows.map((r) => r.employee.id))], from, to);
  const taken = new Map<number, { start: string; end: string; label: string }[]>();
  const take = (id: number, range: { start: string; end: string; label: string }) => {
    const list = taken.get(id);
    if (list) list.push(range);
    else taken.set(id, [range]);
  };
  for (const e of existing) take(e.employee_id, { start: e.start_date, end: e.end_date, label: `${e.status} ${e.start_date} – ${e.end_date}, ${e.document_ref}` });
  const good: ValidLine[] = [];
  const pause = slicer();
  for (const r of rows) {
    await pause();
    const clash = (taken.get(r.employee.id) ?? []).find((x) => x.start <= r.end_date && x.end >= r.start_date);
    if (clash) {
      errors.push({ line: r.line, nip: r.employee.nip, reasons: [`absences.import.reason.overlap|${clash.label}`] });
      continue;
    }
    take(r.employee.id, { start: r.start_date, end: r.end_date, label: `#${r.line}` });
    good.push(r);
  }
  return good;
}

/** The lines went bad between preview and commit; thrown so that the transaction rolls back. */
export class ImportInvalidError extends ValidationError {
  constructor(readonly checked: Checked) {
    super({}, 'absences.import.changed');
  }
}

export type Preview = Checked & { importId: number | null; fileError: string | null };

/** Parses and checks an upload; only a file with no bad line is kept for the commit step. */
export async function previewImport(db: Db, actor: Actor, filename: string, text: string, today: string): Promise<Preview> {
  const parsed = await parseAbsenceCsv(text);
  if (!parsed.ok) return { rows: [], errors: [], importId: null, fileError: parsed.error };
  const checked = await checkLines(db, actor, parsed.lines, today);
  if (checked.errors.length) return { ...checked, importId: null, fileError: null };
  const importId = await insertImport(db, {
    kind: IMPORT_KIND,
    user_id: actor.user.id,
    opd_id: actor.user.opdId,
    filename: filename.slice(0, 200),
    payload: JSON.stringify(parsed.lines),
    created_at: nowIso(),
  });
  return { ...checked, importId, fileError: null };
}

/**
 * Applies a previewed import in one transaction, after checking the lines again (a transfer or
 * a new absence since the preview can make a line bad): all lines or none.
 */
export async function commitImport(db: Db, actor: Actor, importId: number, today: string): Promise<Checked> {
  return db.transaction().execute(async (trx) => {
    const stored = await findImportOf(trx, importId, IMPORT_KIND, actor.user.id);
    if (!stored) throw new NotFoundError();
    if (stored.committed_at) throw new ConflictError('absences.import.already_committed');
    const checked = await checkLines(trx, actor, JSON.parse(stored.payload) as RawLine[], today);
    if (checked.errors.length) throw new ImportInvalidError(checked);
    if (!(await claimImport(trx, importId, nowIso()))) throw new ConflictError('absences.import.already_committed');
    const now = nowIso();
    const inserted = await insertAbsences(
      trx,
      checked.rows.map((r) => ({
        employee_id: r.employee.id,
        status: r.status,
        cuti_type: r.cuti_type,
        start_date: r.start_date,
        end_date: r.end_date,
        document_ref: r.document_ref,
        note: r.note,
        created_by: actor.user.id,
        created_at: now,
      })),
    );
    // RETURNING order is not guaranteed; (employee, start) is unique once overlaps are refused.
    const lineOf = new Map(checked.rows.map((r) => [`${r.employee.id}/${r.start_date}`, r]));
    for (const row of inserted) {
      const line = lineOf.get(`${row.employee_id}/${row.start_date}`)!;
      await writeAudit(trx, actor, {
        entity: 'planned_absence',
        entityId: row.id,
        action: 'import',
        opdId: line.employee.opd_id,
        after: { ...row, import_id: importId, line: line.line },
      });
    }
    return checked;
  });
}
