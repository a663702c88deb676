import type { Db } from '../../db/connect';
import type { AbsenceRequest } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { addDays, deadlineOf, pledgeDatesBetween } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { authorize } from '../../policy';
import { findActiveRanges } from '../absences/absences.repository';
import { writeAudit } from '../audit/audit.service';
import { loadHolidayMap } from '../holidays/holidays.service';
import { getSettings } from '../settings/settings.repository';
import type { Letter } from './letter';
import { findOpenRequestsBetween, findRequest, findRequestFile, insertRequest, insertRequestFile } from './requests.repository';
import { MAX_DAYS, type RequestInput } from './requests.schema';

export interface Actor {
  user: CurrentUser;
  requestId?: string;
}

const dayCount = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The dates a request may cover: every pledge date in it must still be open, that is its
 * reporting deadline (settings deadline_*, working days) has not passed. The employee may file
 * before the apel or until the deadline, while the unit can still write the roll-call; later
 * the unit asks for a correction instead. A range without any apel has nothing to excuse.
 */
async function checkDates(db: Db, input: RequestInput, zone: string): Promise<void> {
  if (dayCount(input.start_date, input.end_date) > MAX_DAYS) throw new ValidationError({ end_date: `requests.errors.too_long|${MAX_DAYS}` });
  const settings = await getSettings(db);
  const holidays = await loadHolidayMap(db, addDays(input.start_date, -7), addDays(input.end_date, 40));
  const dates = pledgeDatesBetween(input.start_date, input.end_date, holidays, settings.holiday_policy);
  if (dates.length === 0) throw new ValidationError({ start_date: 'requests.errors.no_apel' });
  const now = nowIso();
  const closed = dates.find((d) => now > deadlineOf(d, settings, zone, holidays));
  if (closed) throw new ValidationError({ start_date: `requests.errors.past_deadline|${closed}` });
}

/**
 * An employee files a request for themselves, with its letter. Refused, with nothing saved,
 * when the dates are closed or overlap one of their pending or approved requests or a planned
 * absence. The letter's bytes go into request_files in the same transaction.
 */
export async function fileRequest(db: Db, actor: Actor, input: RequestInput, letter: Letter, zone: string): Promise<AbsenceRequest> {
  authorize(actor.user, 'requests.file');
  const employeeId = actor.user.employeeId;
  if (!employeeId) throw new NotFoundError();
  const opdId = actor.user.opdId;
  if (!opdId) throw new ValidationError({ start_date: 'requests.errors.no_unit' });
  await checkDates(db, input, zone);
  return db.transaction().execute(async (trx) => {
    const [mine] = await findOpenRequestsBetween(trx, employeeId, input.start_date, input.end_date);
    if (mine) throw new ValidationError({ start_date: `requests.errors.overlap_request|#${mine.id} ${mine.start_date} – ${mine.end_date}` });
    const [planned] = await findActiveRanges(trx, [employeeId], input.start_date, input.end_date);
    if (planned) throw new ValidationError({ start_date: `requests.errors.overlap_absence|${planned.start_date} – ${planned.end_date}, ${planned.document_ref}` });
    const at = nowIso();
    const row = await insertRequest(trx, {
      employee_id: employeeId,
      opd_id: opdId,
      kind: input.kind,
      cuti_type: input.cuti_type,
      start_date: input.start_date,
      end_date: input.end_date,
      reason: input.reason,
      letter_ref: input.letter_ref,
      state: 'pending',
      filed_by: actor.user.id,
      filed_at: at,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      planned_absence_id: null,
    });
    await insertRequestFile(trx, { request_id: row.id, mime: letter.mime, size: letter.size, data: letter.buffer, created_at: at });
    await writeAudit(trx, actor, {
      entity: 'absence_request',
      entityId: row.id,
      action: 'create',
      opdId,
      after: { ...row, letter: { mime: letter.mime, size: letter.size } },
    });
    return row;
  });
}

/**
 * Who may see a request and its letter: the employee it belongs to, their unit's operator, hr
 * and admin. Anyone else's is a 404, so its existence is not confirmed.
 */
export async function readableRequest(db: Db, user: CurrentUser, id: number): Promise<AbsenceRequest> {
  const row = await findRequest(db, id);
  if (!row) throw new NotFoundError();
  authorize(user, 'requests.read');
  // An employee account's 'own' is its own record, not its unit (see me.read).
  if (user.employeeId) {
    if (row.employee_id !== user.employeeId) throw new NotFoundError();
  } else {
    authorize(user, 'requests.read', { opdId: row.opd_id });
  }
  return row;
}

export async function readLetter(db: Db, user: CurrentUser, id: number) {
  const row = await readableRequest(db, user, id);
  const file = await findRequestFile(db, row.id);
  if (!file) throw new NotFoundError();
  return file;
}
