import type { Transaction } from 'kysely';
import type { Config } from '../../config';
import type { Db } from '../../db/connect';
import type { AbsenceRequest, Database } from '../../db/database';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { statusLabel } from '../../i18n/status-label';
import { addDays, deadlineOf } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { authorize, can } from '../../policy';
import { findActiveRanges, insertAbsences } from '../absences/absences.repository';
import { writeAudit } from '../audit/audit.service';
import { loadHolidayMap } from '../holidays/holidays.service';
import { absolute, dateText } from '../notifications/notice-format';
import { notify } from '../notifications/notifications.service';
import { writeAttendance } from '../sessions/attendance.writer';
import { sessionState } from '../sessions/session-state';
import { findEmployeeRowsBetween, findSessionById } from '../sessions/sessions.repository';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import { findRecipient, findRequest, markDecided } from './requests.repository';
import type { Actor } from './requests.service';

export interface Outcome {
  request: AbsenceRequest;
  /** Roll-call dates whose saved row now shows the request's status. */
  updated: string[];
  /** Dates whose session was locked for the decider: the row is left, a correction can change it. */
  skipped: string[];
}

async function pendingInScope(trx: Db, actor: Actor, id: number): Promise<AbsenceRequest> {
  const row = await findRequest(trx, id);
  if (!row) throw new NotFoundError();
  authorize(actor.user, 'requests.decide', { opdId: row.opd_id });
  if (row.state !== 'pending') throw new ConflictError('requests.errors.decided');
  return row;
}

/**
 * Approving, in one transaction: the planned absence (which pre-fills the roll-calls not saved
 * yet), each saved roll-call row in the range changed through the attendance writer (one
 * attendance audit row each, naming the request), and the decision with its audit row. A row
 * whose session the decider may no longer edit (an opd user after the deadline) is left as it
 * is and reported. The employee is told once the transaction has committed.
 */
export async function approveRequest(db: Db, config: Config, actor: Actor, id: number, note: string | null): Promise<Outcome> {
  const settings = await getSettings(db);
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await pendingInScope(trx, actor, id);
    const [clash] = await findActiveRanges(trx, [row.employee_id], row.start_date, row.end_date);
    if (clash) throw new ValidationError({ note: `requests.errors.overlap_absence|${clash.start_date} – ${clash.end_date}, ${clash.document_ref}` });
    const at = nowIso();
    const [absence] = await insertAbsences(trx, [
      {
        employee_id: row.employee_id,
        status: row.kind,
        cuti_type: row.cuti_type,
        start_date: row.start_date,
        end_date: row.end_date,
        document_ref: row.letter_ref ?? `Permohonan #${row.id}`,
        note: row.reason,
        created_by: actor.user.id,
        created_at: at,
      },
    ]);
    await writeAudit(trx, actor, { entity: 'planned_absence', entityId: absence.id, action: 'create', opdId: row.opd_id, after: { ...absence, request_id: row.id } });
    const decision = { state: 'approved' as const, decided_by: actor.user.id, decided_at: at, decision_note: note, planned_absence_id: absence.id };
    if (!(await markDecided(trx, row.id, decision))) throw new ConflictError('requests.errors.decided');
    await writeAudit(trx, actor, { entity: 'absence_request', entityId: row.id, action: 'approve', opdId: row.opd_id, before: { state: 'pending' }, after: decision });
    const rows = await updateRollCalls(trx, actor, settings, config.timezone, { ...row, ...decision });
    return { request: { ...row, ...decision }, ...rows };
  });
  await tellEmployee(db, config, outcome.request);
  return outcome;
}

/** Rejecting needs a note for the employee; nothing else changes. */
export async function rejectRequest(db: Db, config: Config, actor: Actor, id: number, note: string | null): Promise<AbsenceRequest> {
  if (!note) {
    // Scope first: another unit's request stays a 404, whatever was sent.
    await db.transaction().execute((trx) => pendingInScope(trx, actor, id));
    throw new ValidationError({ note: 'requests.errors.note_required' });
  }
  const request = await db.transaction().execute(async (trx) => {
    const row = await pendingInScope(trx, actor, id);
    const decision = { state: 'rejected' as const, decided_by: actor.user.id, decided_at: nowIso(), decision_note: note, planned_absence_id: null };
    if (!(await markDecided(trx, row.id, decision))) throw new ConflictError('requests.errors.decided');
    await writeAudit(trx, actor, { entity: 'absence_request', entityId: row.id, action: 'reject', opdId: row.opd_id, before: { state: 'pending' }, after: decision });
    return { ...row, ...decision };
  });
  await tellEmployee(db, config, request);
  return request;
}

async function updateRollCalls(trx: Transaction<Database>, actor: Actor, settings: Settings, zone: string, r: AbsenceRequest) {
  const updated: string[] = [];
  const skipped: string[] = [];
  const rows = await findEmployeeRowsBetween(trx, r.employee_id, r.start_date, r.end_date);
  if (rows.length === 0) return { updated, skipped };
  const holidays = await loadHolidayMap(trx, r.start_date, addDays(r.end_date, 40));
  const now = nowIso();
  for (const saved of rows) {
    const session = (await findSessionById(trx, saved.session_id))!;
    const { locked } = sessionState(session, deadlineOf(saved.pledge_date, settings, zone, holidays), now);
    // The same rule as the roll-call form: the unit's own session, and after the deadline only hr and admin.
    if (!can(actor.user, 'session.edit', { opdId: saved.opd_id }) || (locked && !can(actor.user, 'session.editLocked'))) {
      skipped.push(saved.pledge_date);
      continue;
    }
    await writeAttendance(trx, {
      actor,
      session,
      at: { opdId: saved.opd_id, pledgeDate: saved.pledge_date },
      set: { updated_by: actor.user.id, updated_at: now },
      rows: [{ employeeId: r.employee_id, status: r.kind, cuti_type: r.cuti_type, note: saved.note, planned_absence_id: r.planned_absence_id }],
      scope: 'rows',
      settings,
      audit: { entity: 'attendance', action: 'request_approved' },
      beforeAudit: async () => ({ request_id: r.id }),
    });
    updated.push(saved.pledge_date);
  }
  return { updated, skipped };
}

/** The decision, in the app (and by email when the account has an address), to whoever filed it. */
async function tellEmployee(db: Db, config: Config, r: AbsenceRequest): Promise<void> {
  const recipient = await findRecipient(db, r.filed_by);
  if (!recipient) return;
  const approved = r.state === 'approved';
  await notify(db, config, [
    {
      recipients: [recipient],
      build: (t, lang) => {
        const vars = {
          kind: statusLabel(t, r.kind, r.cuti_type),
          from: dateText(r.start_date, 'long', lang, config.timezone),
          to: dateText(r.end_date, 'long', lang, config.timezone),
          note: r.decision_note ?? '',
        };
        const title = t(approved ? 'requests.notice.approved_title' : 'requests.notice.rejected_title', vars);
        const body = t(approved ? 'requests.notice.approved_body' : 'requests.notice.rejected_body', vars);
        const link = '/me';
        return {
          kind: approved ? 'request_approved' : 'request_rejected',
          title,
          body,
          link,
          email: { heading: title, paragraphs: [body], action: { label: t('requests.notice.action'), url: absolute(config.publicUrl, link) }, footer: t('notifications.email_footer') },
        };
      },
    },
  ]);
}
