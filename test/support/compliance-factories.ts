import type { Kysely } from 'kysely';
import type { Database, Status } from '../../src/db/database';
import { refreshEmployeeYearStats } from '../../src/features/compliance/employee-stats';
import { refreshSessionTotals } from '../../src/features/compliance/rollup';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';

/*
 * A session with its roll-call, written the way the save service writes it: attendance rows,
 * then the rollups refreshed from them.
 */
export interface SessionOptions {
  opdId: number;
  date: string;
  state?: 'draft' | 'submitted';
  late?: 0 | 1;
  held?: 0 | 1;
  reasonAccepted?: 0 | 1 | null;
  submittedAt?: string | null;
  /** employee id -> status */
  roll?: Record<number, Status> | [number, Status][];
}

export async function makeSession(db: Kysely<Database>, o: SessionOptions) {
  const state = o.state ?? 'submitted';
  const now = '2026-01-01T00:00:00.000Z';
  const session = await db
    .insertInto('sessions')
    .values({
      opd_id: o.opdId,
      pledge_date: o.date,
      state,
      held: o.held ?? 1,
      not_held_kind: o.held === 0 ? 'lainnya' : null,
      not_held_reason: o.held === 0 ? 'Kegiatan lain' : null,
      reason_accepted: o.reasonAccepted ?? null,
      late: o.late ?? 0,
      submitted_at: state === 'submitted' ? (o.submittedAt ?? `${o.date}T03:00:00.000Z`) : null,
      rate: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const roll = Array.isArray(o.roll) ? o.roll : Object.entries(o.roll ?? {}).map(([id, s]) => [Number(id), s] as [number, Status]);
  await insertRoll(db, session, roll);
  await refreshSessionTotals(db, session.id, DEFAULT_SETTINGS.virtual_counts);
  if (state === 'submitted' && roll.length) {
    await refreshEmployeeYearStats(db, roll.map(([id]) => id), Number(o.date.slice(0, 4)), DEFAULT_SETTINGS);
  }
  return db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
}

/** The attendance rows of a session's roll-call (cuti is always "tahunan"). */
export async function insertRoll(db: Kysely<Database>, session: { id: number; opd_id: number; pledge_date: string }, roll: [number, Status][]) {
  if (!roll.length) return;
  await db
    .insertInto('attendance')
    .values(
      roll.map(([employee_id, status]) => ({
        session_id: session.id,
        employee_id,
        opd_id: session.opd_id,
        pledge_date: session.pledge_date,
        status,
        cuti_type: status === 'C' ? 'tahunan' : null,
        note: null,
        planned_absence_id: null,
      })),
    )
    .execute();
}

/** A roll-call of `n` people where the first `tk` are TK, the next `excused` are S, the rest H. */
export function roll(ids: number[], counts: { tk?: number; excused?: number } = {}): [number, Status][] {
  const tk = counts.tk ?? 0;
  const excused = counts.excused ?? 0;
  return ids.map((id, i) => [id, i < tk ? 'TK' : i < tk + excused ? 'S' : 'H']);
}
