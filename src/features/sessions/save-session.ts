import type { Db } from '../../db/connect';
import type { NewAttendance, Session, SessionUpdate } from '../../db/database';
import { ConflictError, ForbiddenError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { parse } from '../../http/validate';
import { nowIso } from '../../lib/clock';
import { authorize, can } from '../../policy';
import { diff, writeAudit } from '../audit/audit.service';
import { refreshEmployeeYearStats } from '../compliance/employee-stats';
import { refreshSessionTotals } from '../compliance/rollup';
import type { Settings } from '../settings/settings.defaults';
import { expectedAttendees } from './expected';
import { rollCallChanges, sameRow, validateRollCall, type CleanRow } from './roll-call';
import { sessionState } from './session-state';
import { requireTarget } from './session-target';
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
  /** Submit now. A submitted session stays submitted; false on it only saves the changes. */
  submit: boolean;
  /** A photo already stored by the caller (see photo.ts). */
  photo?: { path: string; mime: string } | null;
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
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function checkIkrarVersion(details: SessionDetails, settings: Settings): void {
  if (details.ikrar_version && !settings.ikrar_texts.some((t) => t.version === details.ikrar_version)) {
    throw new ValidationError({ ikrar_version: 'validation.invalid_choice' });
  }
}

/**
 * Saves a session's details and roll-call in one transaction: the optimistic version check,
 * the opd lock after the deadline, batched attendance writes, the rollups and one audit row.
 * Throws NotFoundError (no such session page or another OPD), ForbiddenError (a role that may
 * not edit sessions, or not once locked: sekda, an opd user), ConflictError (stale version) or
 * ValidationError (rows named).
 */
export async function saveSession(db: Db, actor: SessionActor, input: SaveSessionInput, opts: SaveOptions = {}): Promise<Session> {
  const { user } = actor;
  authorize(user, 'session.edit', { opdId: input.opdId });
  return inTransaction(db, async (trx) => {
    const { target, details, session, locked } = await checkSave(trx, user, input, opts);
    const expected = await expectedAttendees(trx, input.opdId, input.pledgeDate, target.settings);
    const rows = details.held ? validateRollCall(expected, input.attendance) : [];
    const submitting = input.submit && session?.state !== 'submitted';
    const saved = await writeSession(trx, session, input, sessionUpdate(user, input, details, session, submitting, target.deadline));

    const before = new Map((session ? await repo.findAttendance(trx, saved.id) : []).map((r) => [r.employee_id, r]));
    const { changed, removed } = await writeRows(trx, saved, before, rows);
    await refreshSessionTotals(trx, saved.id, target.settings.virtual_counts);
    if (saved.state === 'submitted') {
      // A first submission puts everyone's Monday on their record; later saves only the changed rows.
      const affected = submitting ? [...rows.map((r) => r.employeeId), ...removed] : [...changed, ...removed];
      // Also refreshes next year's figures when they exist: a December TK streak runs on.
      await refreshEmployeeYearStats(trx, affected, Number(input.pledgeDate.slice(0, 4)), target.settings);
    }

    const nips = new Map(expected.map((e) => [e.id, e.nip]));
    const detailDiff = diff(pickDetails(session), pickDetails(saved));
    await writeAudit(trx, actor, {
      entity: 'session',
      entityId: saved.id,
      action: auditAction(session, submitting, user, locked, opts),
      opdId: saved.opd_id,
      before: session ? { version: session.version, state: session.state, ...detailDiff.before } : null,
      after: {
        version: saved.version,
        state: saved.state,
        ...detailDiff.after,
        ...(input.photo ? { photo: input.photo.path } : {}),
        ...(opts.correctionId ? { correction_id: opts.correctionId } : {}),
        attendance: rollCallChanges(before, rows, (id) => nips.get(id) ?? `id:${id}`, removed),
      },
    });
    return (await repo.findSessionById(trx, saved.id))!;
  });
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
): SessionUpdate {
  const now = nowIso();
  return {
    ...details,
    held: details.held ? 1 : 0,
    ...(input.photo ? { photo_path: input.photo.path, photo_mime: input.photo.mime } : {}),
    ...(reasonChanged(session, details) ? { reason_accepted: null } : {}),
    // Submitting after the deadline is accepted and marked late (DESIGN §4).
    ...(submitting ? { state: 'submitted', submitted_by: user.id, submitted_at: now, late: now > deadline ? 1 : 0 } : {}),
    updated_by: user.id,
    updated_at: now,
  };
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

async function writeSession(trx: Db, session: Session | undefined, input: SaveSessionInput, set: SessionUpdate): Promise<Session> {
  if (session) {
    const updated = await repo.updateSessionAt(trx, session.id, session.version, set);
    if (!updated) throw new ConflictError('sessions.errors.stale');
    return updated;
  }
  try {
    return await repo.insertSession(trx, {
      ...(set as Required<SessionUpdate>),
      opd_id: input.opdId,
      pledge_date: input.pledgeDate,
      state: set.state ?? 'draft',
      created_by: set.updated_by ?? null,
      created_at: set.updated_at!,
    });
  } catch (err) {
    // Two first saves at once: the unique (opd_id, pledge_date) lets only one through.
    if (isUniqueViolation(err)) throw new ConflictError('sessions.errors.stale');
    throw err;
  }
}

/** Upserts only the rows that changed and deletes rows of people no longer on the roll-call. */
async function writeRows(trx: Db, session: Session, before: Map<number, repo.SavedRow>, rows: CleanRow[]) {
  const keep = new Set(rows.map((r) => r.employeeId));
  const removed = [...before.keys()].filter((id) => !keep.has(id));
  const changedRows = rows.filter((r) => !sameRow(before.get(r.employeeId), r));
  const values: NewAttendance[] = changedRows.map((r) => ({
    session_id: session.id,
    employee_id: r.employeeId,
    opd_id: session.opd_id,
    pledge_date: session.pledge_date,
    status: r.status,
    cuti_type: r.cuti_type,
    note: r.note,
    planned_absence_id: r.planned_absence_id,
  }));
  await repo.upsertAttendance(trx, values);
  await repo.deleteAttendance(trx, session.id, removed);
  return { changed: changedRows.map((r) => r.employeeId), removed };
}
