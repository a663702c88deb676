import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database, FollowUp } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { refreshFlagState } from '../compliance/rollup';
import { writeAttendance } from '../sessions/attendance.writer';
import { findSessionById } from '../sessions/sessions.repository';
import type { Settings } from '../settings/settings.defaults';
import * as q from './flags.queries';
import type { ExcuseInput, FollowUpInput } from './flags.schema';

export interface FlagRef {
  employeeId: number;
  year: number;
}

type Actor = AuditActor & { user: CurrentUser };

/**
 * hr records the step taken (docs/DESIGN.md, "Compliance rules"). The follow-up covers the employee-year's TK count as it
 * is now, which closes the flag until another TK Monday reopens it.
 */
export async function recordFollowUp(db: Kysely<Database>, actor: Actor, settings: Settings, ref: FlagRef, input: FollowUpInput): Promise<FollowUp> {
  return db.transaction().execute(async (trx) => {
    const flag = await q.findFlag(trx, ref.employeeId, ref.year);
    if (!flag || flag.tk_count === 0) throw new NotFoundError();
    const followUp = await q.insertFollowUp(trx, {
      employee_id: ref.employeeId,
      year: ref.year,
      step: input.step,
      tk_count_covered: flag.tk_count,
      letter_number: input.letter_number,
      letter_date: input.letter_date,
      note: input.note,
      session_id: null,
      new_status: null,
      created_by: actor.user.id,
      created_at: nowIso(),
    });
    await refreshFlagState(trx, settings, { year: ref.year, employeeIds: [ref.employeeId] });
    await writeAudit(trx, actor, { entity: 'follow_up', entityId: followUp.id, action: 'create', opdId: flag.opd_id, after: followUp });
    return followUp;
  });
}

/**
 * "Alasan diterima": hr accepts the reason for one TK Monday. The attendance row becomes the
 * excused status through the attendance writer, which recomputes the session's totals and the
 * employee's year in the same transaction and moves the session's version on, so an open
 * roll-call form cannot overwrite it. The follow-up row records the change and the coverage that
 * remains (see insertExcuse); the attendance audit row names it.
 */
export async function acceptReason(db: Kysely<Database>, actor: Actor, settings: Settings, ref: FlagRef, input: ExcuseInput): Promise<FollowUp> {
  return db.transaction().execute(async (trx) => {
    const row = await q.findAttendanceRow(trx, ref.employeeId, input.pledge_date);
    if (!row || row.status !== 'TK' || row.state !== 'submitted' || !row.pledge_date.startsWith(String(ref.year))) {
      throw new ValidationError({ pledge_date: 'flags.errors.not_tk' });
    }
    const rank = (await q.findTkDates(trx, ref.employeeId, ref.year)).findIndex((d) => d.pledge_date === input.pledge_date);
    const session = (await findSessionById(trx, row.session_id))!;
    let followUp: FollowUp | undefined;
    await writeAttendance(trx, {
      actor,
      session,
      at: { opdId: row.opd_id, pledgeDate: row.pledge_date },
      set: { updated_by: actor.user.id, updated_at: nowIso() },
      rows: [
        {
          employeeId: ref.employeeId,
          status: input.new_status,
          cuti_type: input.new_status === 'C' ? input.cuti_type : null,
          note: input.note,
          planned_absence_id: row.planned_absence_id,
        },
      ],
      scope: 'rows',
      settings,
      audit: { entity: 'attendance', action: 'reason_accepted' },
      beforeAudit: async (inner) => {
        followUp = await insertExcuse(inner, actor, ref, row.session_id, rank, input);
        await refreshFlagState(inner, settings, { year: ref.year, employeeIds: [ref.employeeId] });
        return { follow_up_id: followUp.id };
      },
    });
    await writeAudit(trx, actor, { entity: 'follow_up', entityId: followUp!.id, action: 'create', opdId: row.opd_id, after: followUp });
    return followUp!;
  });
}

/**
 * Coverage counts TK Mondays in date order: a follow-up covering 2 covers the first two. When
 * one of those is excused, one fewer is covered, so a later uncovered TK keeps the flag open.
 */
async function insertExcuse(trx: Db, actor: Actor, ref: FlagRef, sessionId: number, rank: number, input: ExcuseInput) {
  const stats = await q.findFlag(trx, ref.employeeId, ref.year);
  const latest = Number((await q.findLatestCovered(trx, ref.employeeId, ref.year))?.tk_count_covered ?? 0);
  const tk = stats?.tk_count ?? 0;
  const covered = rank >= 0 && rank < latest ? latest - 1 : latest;
  return q.insertFollowUp(trx, {
    employee_id: ref.employeeId,
    year: ref.year,
    step: 'alasan_diterima',
    tk_count_covered: Math.min(covered, tk),
    letter_number: input.letter_number,
    letter_date: input.letter_date,
    note: input.note,
    session_id: sessionId,
    new_status: input.new_status,
    created_by: actor.user.id,
    created_at: nowIso(),
  });
}
