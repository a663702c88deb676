import type { Transaction } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database, Session, SessionUpdate } from '../../db/database';
import { ConflictError, ForbiddenError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { parse } from '../../http/validate';
import { nowIso } from '../../lib/clock';
import { authorize, can } from '../../policy';
import { diff } from '../audit/audit.service';
import { databaseFileStore } from '../files/file-store';
import type { Settings } from '../settings/settings.defaults';
import { writeAttendance } from './attendance.writer';
import { NOT_YET, withEvidence } from './evidence';
import { expectedAttendees, type ExpectedAttendee } from './expected';
import { checkRollCall, currentRow, mergeRollCall, sameRow, unresolvedError, type CleanRow } from './roll-call';
import { sessionState } from './session-state';
import { requireTarget, type SessionTarget } from './session-target';
import { detailsSchema, type AttendanceInput, type SessionDetails } from './sessions.schema';
import * as repo from './sessions.repository';

export interface SessionActor {
  user: CurrentUser;
  requestId?: string;
}

export interface SaveSessionInput {
  opdId: number;
  pledgeDate: string;
  /** The version the edit started from: 0 for a session never saved; null skips the check. */
  version: number | null;
  /** Parsed here with detailsSchema (unknown input is fine). */
  details: unknown;
  /** The whole roll-call; ignored (and cleared) when the apel was not held. */
  attendance: AttendanceInput[];
  /** The form's rows only: everyone not sent keeps their current value (mergeRollCall). */
  partial?: boolean;
  /** Moving between pages: write nothing when neither a row nor a detail changed. */
  onlyIfChanged?: boolean;
  /** Submit now. A submitted session stays submitted; false on it only saves the changes. */
  submit: boolean;
  /** Under check-in: everyone still "belum hadir" after this input becomes TK (the form's one button). */
  restToTk?: boolean;
  /** A new photo, checked by the caller (photo.ts): stored in this transaction, the old one removed. */
  photo?: { mime: string; bytes: Buffer } | null;
  /** The instance timezone (config.timezone). */
  timezone: string;
}

export interface SaveOptions {
  /** Set when an approved correction request applies its changes (skips the opd lock). */
  correctionId?: number;
}

const DETAIL_KEYS = [
  'held',
  'not_held_kind',
  'not_held_reason',
  'mode',
  'start_time',
  'pembina',
  'ikrar_reader',
  'ikrar_version',
  'location',
  'notes',
] as const;

/** A transaction of its own, or the caller's when it is already in one (correction approval). */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}

function checkIkrarVersion(details: SessionDetails, settings: Settings): void {
  if (details.ikrar_version && !settings.ikrar_texts.some((t) => t.version === details.ikrar_version)) {
    throw new ValidationError({ ikrar_version: 'validation.invalid_choice' });
  }
}

/**
 * Saves a session's details and roll-call in one transaction: the opd lock after the deadline
 * and the version the form started from are checked here; the attendance writer then writes the
 * session and the changed rows, refreshes the rollups and writes one audit row.
 * Throws NotFoundError (no such session page or another OPD), ForbiddenError (a role that may
 * not edit sessions, or not once locked: sekda, an opd user), ConflictError (stale version) or
 * ValidationError (rows named).
 */
export async function saveSession(db: Db, actor: SessionActor, input: SaveSessionInput, opts: SaveOptions = {}): Promise<Session | undefined> {
  const { user } = actor;
  authorize(user, 'session.edit', { opdId: input.opdId });
  return inTransaction(db, async (trx) => {
    const { target, details, session, locked } = await checkSave(trx, user, input, opts);
    const expected = await withEvidence(trx, target, session, await expectedAttendees(trx, input.opdId, input.pledgeDate, target.settings));
    const stored = new Map((session ? await repo.findAttendance(trx, session.id) : []).map((r) => [r.employee_id, r]));
    const merged = input.partial ? mergeRollCall(expected, stored, input.attendance) : input.attendance;
    const attendance = input.restToTk ? restToTk(expected, merged) : merged;
    // An approved correction carries its own reason (the request's): the per-row reason is not asked again.
    const { rows, unresolved } = details.held ? checkRollCall(expected, attendance, stored, !opts.correctionId) : { rows: [], unresolved: [] };
    // A draft may keep people "belum hadir" (no row is stored for them, so a later check-in still fills
    // them in); a report may not.
    if (unresolved.length && (input.submit || session?.state === 'submitted')) throw unresolvedError(unresolved.length);
    if (input.onlyIfChanged && !input.photo && unchanged(session, stored, details, rows, expected, target)) return session;
    const submitting = input.submit && session?.state !== 'submitted';
    const nips = new Map(expected.map((e) => [e.id, e.nip]));
    // In the save's transaction: a refused or failed save leaves no file behind.
    const files = databaseFileStore(trx);
    const photoId = input.photo ? await files.put('session_photo', input.photo.mime, input.photo.bytes) : null;
    const { session: saved } = await writeAttendance(trx, {
      actor,
      session,
      at: { opdId: input.opdId, pledgeDate: input.pledgeDate },
      set: { ...sessionUpdate(user, input, details, session, submitting, target.deadline, photoId), ...eventLink(target) },
      rows,
      // Read above in this transaction, under the version check: the writer need not read them again.
      stored,
      scope: 'roll-call',
      settings: target.settings,
      audit: {
        entity: 'session',
        action: auditAction(session, submitting, user, locked, opts),
        nipOf: (id) => nips.get(id) ?? `id:${id}`,
        describe: (stored) => {
          const detailDiff = diff(pickDetails(session), pickDetails(stored));
          const extra = { ...(photoId ? { photo_file_id: photoId } : {}), ...(opts.correctionId ? { correction_id: opts.correctionId } : {}) };
          return { before: detailDiff.before, after: { ...detailDiff.after, ...extra } };
        },
      },
    });
    // The replaced photo belongs to this session alone: it goes with the save that replaced it.
    if (photoId && session?.photo_file_id) await files.delete(session.photo_file_id);
    return saved;
  });
}

/** "Set all remaining to Tanpa keterangan": rows still "belum hadir" (no check-in, no status) become TK. */
function restToTk(expected: ExpectedAttendee[], rows: AttendanceInput[]): AttendanceInput[] {
  const waiting = new Set(expected.filter((e) => e.checkIn === null).map((e) => e.id));
  return rows.map((r) => (r.employeeId != null && waiting.has(r.employeeId) && String(r.status ?? '').trim() === NOT_YET ? { ...r, status: 'TK', cutiType: null } : r));
}

/**
 * Nothing to write: every row as stored (or as pre-filled, before the first save) and the details
 * as saved (or as the form starts them). Paging through a roll-call must not create a draft.
 */
function unchanged(
  session: Session | undefined,
  saved: Map<number, repo.SavedRow>,
  details: SessionDetails,
  rows: CleanRow[],
  expected: ExpectedAttendee[],
  target: SessionTarget,
): boolean {
  const start = session ? { ...pickDetails(session), held: session.held === 1 } : startingDetails(target.settings, target.event);
  if (DETAIL_KEYS.some((k) => (start[k] ?? null) !== (details[k] ?? null))) return false;
  if (session) return rows.every((r) => sameRow(saved.get(r.employeeId), r));
  const byId = new Map(expected.map((e) => [e.id, e]));
  return rows.every((r) => {
    const first = currentRow(byId.get(r.employeeId)!, undefined);
    return first.status === r.status && (first.cutiType ?? null) === r.cuti_type && r.note === null;
  });
}

/**
 * The details a new session's form starts with (the presenter shows the same). An event's
 * roll-call starts as held jointly (gabungan) at the event's place.
 */
export function startingDetails(settings: Pick<Settings, 'apel_start_time' | 'ikrar_texts'>, event?: { place: string } | null): Record<string, unknown> {
  const texts = settings.ikrar_texts;
  return {
    held: true,
    mode: event ? 'gabungan' : 'langsung',
    start_time: settings.apel_start_time,
    ikrar_version: texts.length ? texts[texts.length - 1].version : null,
    ...(event ? { location: event.place } : {}),
  };
}

/** The refusals that need no roll-call: no such page, bad details, locked, stale version. */
async function checkSave(trx: Db, user: CurrentUser, input: SaveSessionInput, opts: SaveOptions) {
  const target = await requireTarget(trx, user, { id: input.opdId }, input.pledgeDate, input.timezone);
  const details = parse(detailsSchema, input.details);
  checkIkrarVersion(details, target.settings);
  const session = await repo.findSession(trx, input.opdId, input.pledgeDate);
  const { locked } = sessionState(session, target.deadline, nowIso());
  if (locked && !opts.correctionId && !can(user, 'session.editLocked')) throw new ForbiddenError('sessions.errors.locked');
  if (input.version !== null && input.version !== (session?.version ?? 0)) throw new ConflictError('sessions.errors.stale');
  return { target, details, session, locked };
}

function sessionUpdate(
  user: CurrentUser,
  input: SaveSessionInput,
  details: SessionDetails,
  session: Session | undefined,
  submitting: boolean,
  deadline: string,
  photoId: number | null,
): SessionUpdate {
  const now = nowIso();
  return {
    ...details,
    held: details.held ? 1 : 0,
    ...(photoId ? { photo_file_id: photoId, photo_path: null, photo_mime: null } : {}),
    ...(reasonChanged(session, details) ? { reason_accepted: null } : {}),
    // Submitting after the deadline is accepted and marked late (docs/DESIGN.md, "Sessions and the roll-call").
    ...(submitting ? { state: 'submitted', submitted_by: user.id, submitted_at: now, late: now > deadline ? 1 : 0 } : {}),
    updated_by: user.id,
    updated_at: now,
  };
}

/** An event's roll-call carries the event and whether it counts (migration 070). */
function eventLink(target: SessionTarget): { event_id: number | null; counted: number } {
  return { event_id: target.event?.id ?? null, counted: !target.event || target.event.counted ? 1 : 0 };
}

function pickDetails(s: Session | undefined): Record<string, unknown> {
  if (!s) return {};
  return Object.fromEntries(DETAIL_KEYS.map((k) => [k, s[k]]));
}

/* A new or edited not-held reason needs hr's verdict again. */
function reasonChanged(session: Session | undefined, d: SessionDetails): boolean {
  if (!session) return false;
  return (
    session.held !== (d.held ? 1 : 0) || session.not_held_kind !== d.not_held_kind || session.not_held_reason !== d.not_held_reason
  );
}

function auditAction(session: Session | undefined, submitting: boolean, user: CurrentUser, locked: boolean, opts: SaveOptions): string {
  if (opts.correctionId) return 'correction_apply';
  if (locked && can(user, 'session.editLocked')) return 'hr_edit';
  if (submitting) return 'submit';
  return session ? 'update' : 'create';
}
