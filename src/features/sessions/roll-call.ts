import type { Status } from '../../db/database';
import { ValidationError, type FieldErrors } from '../../http/errors';
import { noControlChars } from '../../http/validate';
import { isManual, NOT_YET, startValue } from './evidence';
import type { ExpectedAttendee } from './expected';
import { isCutiType, isStatus, type AttendanceInput } from './sessions.schema';
import type { SavedRow } from './sessions.repository';

/*
 * The roll-call rules as pure functions: one status per expected attendee, nobody else, known
 * codes, a cuti type only with C. Errors are keyed `attendance.<NIP>` and name the row in the
 * message, so the form, the CSV import and the JSON API can all show which rows are wrong.
 */
export interface CleanRow {
  employeeId: number;
  status: Status;
  cuti_type: string | null;
  note: string | null;
  planned_absence_id: number | null;
  /** Says otherwise than the check-in evidence (evidence.ts isManual): the audit row marks it. */
  manual?: boolean;
}

export const NOTE_MAX = 200;

function normaliseNote(note: string | null | undefined): string | null {
  const v = (note ?? '').trim();
  return v === '' ? null : v;
}

export interface RollCallCheck {
  /** The resolved rows, in the list's order. */
  rows: CleanRow[];
  /** Under check-in: people still "belum hadir" (no check-in and no status yet). */
  unresolved: number[];
}

/**
 * A row sent by id that is not on the list is named by that id only: its NIP would tell an opd
 * user who works in another unit. A row sent by NIP is named by what was typed.
 * Under check-in, an empty status of someone without a check-in is "belum hadir" (unresolved,
 * not an error here), and a row written now that says otherwise than the evidence needs a note
 * (the reason) unless `reasons` is false; `stored` tells which rows are written now.
 */
export function checkRollCall(
  expected: ExpectedAttendee[],
  input: AttendanceInput[],
  stored: Map<number, SavedRow> = new Map(),
  reasons = true,
): RollCallCheck {
  const byId = new Map(expected.map((e) => [e.id, e]));
  const byNip = new Map(expected.map((e) => [e.nip, e]));
  const errors: FieldErrors = {};
  const seen = new Map<number, CleanRow>();
  const unresolved = new Set<number>();
  for (const row of input) {
    const person = row.employeeId != null ? byId.get(row.employeeId) : byNip.get(String(row.nip ?? '').trim());
    const label = person?.nip ?? (row.nip != null ? String(row.nip).trim() : `id:${row.employeeId}`);
    const fail = (key: string, value = label) => (errors[`attendance.${label}`] ??= `${key}|${value}`);
    if (!person) {
      if (row.nip != null) fail('sessions.errors.not_expected');
      else fail('sessions.errors.not_expected_id', String(row.employeeId));
      continue;
    }
    if (seen.has(person.id) || unresolved.has(person.id)) {
      fail('sessions.errors.duplicate');
      continue;
    }
    const status = String(row.status ?? '').trim().toUpperCase();
    const cuti = normaliseNote(row.cutiType);
    const note = normaliseNote(row.note);
    if (status === NOT_YET && person.checkIn === null) unresolved.add(person.id);
    else if (status === '') fail('sessions.errors.missing_status');
    else if (!isStatus(status)) fail('sessions.errors.unknown_status');
    else if (cuti && (status !== 'C' || !isCutiType(cuti))) fail('sessions.errors.cuti_invalid');
    else if (note && note.length > NOTE_MAX) fail('sessions.errors.note_too_long');
    // PostgreSQL refuses NUL in text (a 500), and control characters break the exports.
    else if (note && !noControlChars(note)) fail('sessions.errors.note_control');
    else if (reasons && !note && isManual(person, status) && writtenNow(stored.get(person.id), status, cuti)) {
      fail(person.checkIn ? 'sessions.errors.manual_change_reason' : 'sessions.errors.manual_reason');
    } else {
      const absence = person.absence;
      const planned = absence && absence.status === status ? absence.id : null;
      const clean: CleanRow = { employeeId: person.id, status, cuti_type: status === 'C' ? cuti : null, note, planned_absence_id: planned };
      if (isManual(person, status)) clean.manual = true;
      seen.set(person.id, clean);
    }
  }
  for (const e of expected) {
    if (!seen.has(e.id) && !unresolved.has(e.id) && !errors[`attendance.${e.nip}`]) errors[`attendance.${e.nip}`] = `sessions.errors.missing_status|${e.nip}`;
  }
  if (Object.keys(errors).length) {
    throw new ValidationError(errors, 'sessions.errors.roll_call', { count: Object.keys(errors).length });
  }
  return { rows: expected.flatMap((e) => seen.get(e.id) ?? []), unresolved: [...unresolved] };
}

/** A row already stored with this status is not written again: its reason was asked when it was. */
function writtenNow(saved: SavedRow | undefined, status: string, cuti: string | null): boolean {
  return !saved || saved.status !== status || (status === 'C' && (saved.cuti_type ?? null) !== cuti);
}

/** Submitting needs every row resolved: "belum hadir" is a draft's state, not a report's. */
export function unresolvedError(count: number): ValidationError {
  return new ValidationError({}, 'sessions.errors.unresolved', { count });
}

/** The whole roll-call, every row resolved (imports, corrections): "belum hadir" is refused. */
export function validateRollCall(expected: ExpectedAttendee[], input: AttendanceInput[]): CleanRow[] {
  const { rows, unresolved } = checkRollCall(expected, input);
  if (unresolved.length) throw unresolvedError(unresolved.length);
  return rows;
}

/**
 * The form sends only the rows it showed (one page, or what the browser changed): everyone else
 * keeps what is stored, or the value the roll-call starts from (the planned absence, else H). A
 * row sent without its note keeps the stored note. Rows for people not on the list stay in, so
 * validateRollCall names them; the result is always the whole roll-call, nobody missing.
 */
export function mergeRollCall(expected: ExpectedAttendee[], saved: Map<number, SavedRow>, posted: AttendanceInput[]): AttendanceInput[] {
  const byId = new Map(posted.filter((r) => r.employeeId != null).map((r) => [r.employeeId!, r]));
  const known = new Set(expected.map((e) => e.id));
  const rows = expected.map((e) => {
    const current = currentRow(e, saved.get(e.id));
    const sent = byId.get(e.id);
    return sent ? { ...sent, note: sent.note === undefined ? current.note : sent.note } : current;
  });
  return [...rows, ...posted.filter((r) => r.employeeId == null || !known.has(r.employeeId))];
}

/** What a row holds before anyone touches it in this save (evidence.ts startValue before the first). */
export function currentRow(e: ExpectedAttendee, saved: SavedRow | undefined): AttendanceInput {
  if (saved) return { employeeId: e.id, status: saved.status, cutiType: saved.cuti_type, note: saved.note };
  const start = startValue(e);
  return { employeeId: e.id, status: start.status, cutiType: start.cuti_type, note: null };
}

export function sameRow(a: SavedRow | undefined, b: CleanRow): boolean {
  return (
    !!a &&
    a.status === b.status &&
    (a.cuti_type ?? null) === b.cuti_type &&
    (a.note ?? null) === b.note &&
    (a.planned_absence_id ?? null) === b.planned_absence_id
  );
}

export interface RowChange {
  employee_id: number;
  nip: string;
  from: string | null;
  to: string | null;
  /** Says otherwise than the check-in evidence; the note is its reason. */
  manual?: true;
  note?: string | null;
}

const label = (s: { status: string; cuti_type: string | null } | undefined) =>
  s ? (s.cuti_type ? `${s.status}:${s.cuti_type}` : s.status) : null;

/**
 * What the audit row records of a roll-call write: every row whose status changed (a note-only
 * edit shows as from = to). A first save lists only the exceptions, as everyone else is H.
 */
export function rollCallChanges(
  before: Map<number, SavedRow>,
  after: CleanRow[],
  nipOf: (id: number) => string,
  removed: number[],
): RowChange[] {
  const first = before.size === 0;
  const out: RowChange[] = [];
  for (const row of after) {
    const old = before.get(row.employeeId);
    if (sameRow(old, row) || (first && row.status === 'H' && !row.note)) continue;
    const change: RowChange = { employee_id: row.employeeId, nip: nipOf(row.employeeId), from: label(old), to: label(row) };
    out.push(row.manual ? { ...change, manual: true, note: row.note } : change);
  }
  for (const id of removed) out.push({ employee_id: id, nip: nipOf(id), from: label(before.get(id)), to: null });
  return out;
}
