import type { Kysely } from 'kysely';
import type { Database, PlannedStatus } from '../../../src/db/database';
import { FACTORY_TIME } from './sequence';

/** A holiday; a date that already has one keeps it (and that row is returned). */
export async function makeHoliday(db: Kysely<Database>, date: string, o: { name?: string; kind?: string } = {}) {
  await db
    .insertInto('holidays')
    .values({ date, name: o.name ?? `Libur uji ${date}`, kind: o.kind ?? 'libur_nasional', source: 'uji', needs_review: 0, created_at: FACTORY_TIME, updated_at: FACTORY_TIME })
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
  return db.selectFrom('holidays').selectAll().where('date', '=', date).executeTakeFirstOrThrow();
}

export interface AbsenceOptions {
  employeeId: number;
  /** Default DL. */
  status?: PlannedStatus;
  from: string;
  to: string;
  cutiType?: string | null;
  /** The letter's number; default 800/123/ST/2026. */
  ref?: string;
  createdBy?: number | null;
  cancelled?: boolean;
}

/** A planned absence (dinas luar, cuti, …) recorded ahead of the pledge dates it covers. */
export async function makeAbsence(db: Kysely<Database>, o: AbsenceOptions) {
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
      created_by: o.createdBy ?? null,
      created_at: FACTORY_TIME,
      cancelled_by: null,
      cancelled_at: o.cancelled ? FACTORY_TIME : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
