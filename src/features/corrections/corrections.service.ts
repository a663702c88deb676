import type { Db } from '../../db/connect';
import type { CorrectionRequest, Session } from '../../db/database';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { parse } from '../../http/validate';
import { nowIso } from '../../lib/clock';
import { authorize } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import { expectedAttendees } from '../sessions/expected';
import { mergeRollCall, sameRow, validateRollCall } from '../sessions/roll-call';
import { inTransaction, saveSession, type SessionActor } from '../sessions/save-session';
import { sessionState } from '../sessions/session-state';
import { requireTarget } from '../sessions/session-target';
import { detailsSchema, type AttendanceInput, type SessionDetails } from '../sessions/sessions.schema';
import * as sessions from '../sessions/sessions.repository';
import * as repo from './corrections.repository';

/*
 * docs/DESIGN.md, "Sessions and the roll-call": after the deadline an opd user cannot change a submitted session; they propose the
 * change with a reason and hr (or admin) approves it, which applies it through saveSession in
 * the same transaction, or rejects it with a note. Only what differs from the session at the
 * time of the request is stored, and base_version pins that moment: if the session changed
 * since, approving would overwrite someone else's work, so it is refused as a conflict.
 */
export interface Changes {
  session?: Partial<SessionDetails>;
  attendance?: { employee_id: number; status: string; cuti_type: string | null; note: string | null }[];
}

const DETAIL_KEYS = ['held', 'not_held_kind', 'not_held_reason', 'mode', 'start_time', 'pembina', 'ikrar_reader', 'ikrar_version', 'location', 'notes'] as const;

function currentDetails(s: Session): SessionDetails {
  const d = Object.fromEntries(DETAIL_KEYS.map((k) => [k, s[k]])) as unknown as SessionDetails;
  return { ...d, held: s.held === 1 };
}

export interface RequestInput {
  opdId: number;
  pledgeDate: string;
  baseVersion: number;
  reason: string;
  details: unknown;
  attendance: AttendanceInput[];
  timezone: string;
}

export async function requestCorrection(db: Db, actor: SessionActor, input: RequestInput): Promise<CorrectionRequest> {
  authorize(actor.user, 'correction.request', { opdId: input.opdId });
  return inTransaction(db, async (trx) => {
    const target = await requireTarget(trx, actor.user, { id: input.opdId }, input.pledgeDate, input.timezone);
    const session = await sessions.findSession(trx, input.opdId, input.pledgeDate);
    if (!session || !sessionState(session, target.deadline, nowIso()).locked) throw new ConflictError('corrections.errors.not_locked');
    if (input.baseVersion !== session.version) throw new ConflictError('sessions.errors.stale');
    if (await repo.hasPendingRequest(trx, session.id)) throw new ValidationError({ reason: 'corrections.errors.pending_exists' });
    const details = parse(detailsSchema, input.details);
    const expected = await expectedAttendees(trx, input.opdId, input.pledgeDate, target.settings);
    const saved = new Map((await sessions.findAttendance(trx, session.id)).map((r) => [r.employee_id, r]));
    // The form sends the rows it showed; the request records only what differs from the saved roll-call.
    const rows = details.held ? validateRollCall(expected, mergeRollCall(expected, saved, input.attendance)) : [];
    const current = currentDetails(session);
    const changedDetails = Object.fromEntries(DETAIL_KEYS.filter((k) => current[k] !== details[k]).map((k) => [k, details[k]]));
    const changes: Changes = {};
    if (Object.keys(changedDetails).length) changes.session = changedDetails;
    const changedRows = rows.filter((r) => !sameRow(saved.get(r.employeeId), r));
    if (changedRows.length) {
      changes.attendance = changedRows.map((r) => ({ employee_id: r.employeeId, status: r.status, cuti_type: r.cuti_type, note: r.note }));
    }
    if (!changes.session && !changes.attendance) throw new ValidationError({ reason: 'corrections.errors.no_changes' });
    const request = await repo.insertRequest(trx, {
      session_id: session.id,
      requested_by: actor.user.id,
      requested_at: nowIso(),
      reason: input.reason,
      changes: JSON.stringify(changes),
      base_version: session.version,
    });
    await writeAudit(trx, actor, {
      entity: 'correction_request',
      entityId: request.id,
      action: 'create',
      opdId: session.opd_id,
      after: { session_id: session.id, base_version: session.version, reason: input.reason, changes },
    });
    return request;
  });
}

function assertDecider(actor: SessionActor): void {
  authorize(actor.user, 'correction.decide');
}

async function pendingRequest(trx: Db, id: number): Promise<{ request: CorrectionRequest; session: Session }> {
  const request = await repo.findRequest(trx, id);
  if (!request) throw new NotFoundError();
  if (request.state !== 'pending') throw new ConflictError('corrections.errors.decided');
  const session = (await sessions.findSessionById(trx, request.session_id))!;
  return { request, session };
}

/** Applies the proposed changes on top of the session as it is, through the one save path. */
export async function approveCorrection(db: Db, actor: SessionActor, id: number, note: string | null, timezone: string): Promise<void> {
  assertDecider(actor);
  await inTransaction(db, async (trx) => {
    const { request, session } = await pendingRequest(trx, id);
    if (session.version !== request.base_version) {
      throw new ConflictError('corrections.errors.stale', { base: request.base_version, current: session.version });
    }
    const changes = JSON.parse(request.changes) as Changes;
    const target = await requireTarget(trx, actor.user, { id: session.opd_id }, session.pledge_date, timezone);
    const expected = await expectedAttendees(trx, session.opd_id, session.pledge_date, target.settings);
    const saved = new Map((await sessions.findAttendance(trx, session.id)).map((r) => [r.employee_id, r]));
    const proposed = new Map((changes.attendance ?? []).map((r) => [r.employee_id, r]));
    const attendance: AttendanceInput[] = expected.map((e) => {
      const row = proposed.get(e.id) ?? saved.get(e.id);
      if (row) return { employeeId: e.id, status: row.status, cutiType: row.cuti_type, note: row.note };
      return { employeeId: e.id, status: e.absence?.status ?? 'H', cutiType: e.absence?.cuti_type ?? null };
    });
    await saveSession(
      trx,
      actor,
      {
        opdId: session.opd_id,
        pledgeDate: session.pledge_date,
        version: request.base_version,
        details: { ...currentDetails(session), ...changes.session },
        attendance,
        submit: false,
        timezone,
      },
      { correctionId: id },
    );
    await decide(trx, actor, request, session, 'approved', note);
  });
}

export async function rejectCorrection(db: Db, actor: SessionActor, id: number, note: string): Promise<void> {
  assertDecider(actor);
  await inTransaction(db, async (trx) => {
    const { request, session } = await pendingRequest(trx, id);
    await decide(trx, actor, request, session, 'rejected', note);
  });
}

async function decide(trx: Db, actor: SessionActor, request: CorrectionRequest, session: Session, state: 'approved' | 'rejected', note: string | null) {
  const ok = await repo.decideRequest(trx, request.id, { state, decided_by: actor.user.id, decided_at: nowIso(), decision_note: note });
  if (!ok) throw new ConflictError('corrections.errors.decided');
  await writeAudit(trx, actor, {
    entity: 'correction_request',
    entityId: request.id,
    action: state === 'approved' ? 'approve' : 'reject',
    opdId: session.opd_id,
    before: { state: 'pending' },
    after: { state, decision_note: note },
  });
}

/** One request with what the reviewer needs beside it: what loadRequestDetail gives the presenter. */
export interface RequestDetail {
  request: CorrectionRequest;
  session: Session;
  opd: { code: string; name: string };
  requester: string;
  saved: Map<number, sessions.SavedRow>;
  employees: Map<number, { nip: string; name: string }>;
}

/** One request with what the reviewer needs beside it: the session now and the people named. */
export async function loadRequestDetail(db: Db, id: number): Promise<RequestDetail> {
  const request = await repo.findRequest(db, id);
  if (!request) throw new NotFoundError();
  const session = (await sessions.findSessionById(db, request.session_id))!;
  const opd = (await sessions.findOpdById(db, session.opd_id))!;
  const changes = JSON.parse(request.changes) as Changes;
  const ids = (changes.attendance ?? []).map((r) => r.employee_id);
  const saved = new Map((await sessions.findAttendance(db, session.id)).map((r) => [r.employee_id, r]));
  const names = await sessions.findUserNames(db, [request.requested_by]);
  return {
    request,
    session,
    opd,
    requester: names.get(request.requested_by) ?? '',
    saved,
    employees: await repo.findEmployeesByIds(db, ids),
  };
}
