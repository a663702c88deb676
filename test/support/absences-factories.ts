import type { Kysely } from 'kysely';
import type { Database, PlannedStatus } from '../../src/db/database';

const NOW = '2026-01-01T00:00:00.000Z';

export async function makeAbsence(
  db: Kysely<Database>,
  o: { employeeId: number; status?: PlannedStatus; from: string; to: string; cutiType?: string | null; ref?: string; cancelled?: boolean },
) {
  return db
    .insertInto('planned_absences')
    .values({
      employee_id: o.employeeId,
      status: o.status ?? 'DL',
      cuti_type: o.cutiType ?? null,
      start_date: o.from,
      end_date: o.to,
      document_ref: o.ref ?? '800/123/ST/2026',
      note: null,
      created_by: null,
      created_at: NOW,
      cancelled_by: null,
      cancelled_at: o.cancelled ? NOW : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves an employee to another OPD from `date` on: the old assignment ends that day (exclusive). */
export async function transfer(db: Kysely<Database>, employeeId: number, opdId: number, date: string) {
  await db.updateTable('assignments').set({ end_date: date }).where('employee_id', '=', employeeId).where('end_date', 'is', null).execute();
  await db.insertInto('assignments').values({ employee_id: employeeId, opd_id: opdId, start_date: date, end_date: null, created_at: NOW }).execute();
}
