import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { NewAttendance, NewSession, Opd, Session, SessionUpdate } from '../../db/database';

/*
 * All SQL of the session page and the roll-call save, and every write to the sessions and
 * attendance tables: attendance rows change only through attendance.writer.ts, and other
 * features store session figures through session-figures.service.ts.
 */

export async function findOpdById(db: Db, id: number): Promise<Opd | undefined> {
  return db.selectFrom('opds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSession(db: Db, opdId: number, pledgeDate: string): Promise<Session | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('opd_id', '=', opdId)
    .where('pledge_date', '=', pledgeDate)
    .executeTakeFirst();
}

/* The photo move of photo-move-in.ts (photos saved under DATA_DIR/photos before 0.2.0). */

/** Sessions still naming a file under DATA_DIR/photos. */
export async function legacyPhotoRows(db: Db): Promise<{ id: number; photo_path: string; photo_mime: string | null }[]> {
  const rows = await db.selectFrom('sessions').select(['id', 'photo_path', 'photo_mime']).where('photo_path', 'is not', null).orderBy('id').execute();
  return rows.map((r) => ({ ...r, photo_path: r.photo_path! }));
}

/** The row shows the stored file and forgets the disk name; only if it still names that file. */
export async function pointAtFile(db: Db, sessionId: number, name: string, fileId: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ photo_file_id: fileId, photo_path: null, photo_mime: null })
    .where('id', '=', sessionId)
    .where('photo_path', '=', name)
    .execute();
}

export async function clearLegacyPhoto(db: Db, sessionId: number, name: string): Promise<void> {
  await db.updateTable('sessions').set({ photo_path: null, photo_mime: null }).where('id', '=', sessionId).where('photo_path', '=', name).execute();
}

export async function findSessionById(db: Db, id: number): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SavedRow {
  employee_id: number;
  status: string;
  cuti_type: string | null;
  note: string | null;
  planned_absence_id: number | null;
}

/** The stored roll-call of a session, or only the rows of `employeeIds`. */
export async function findAttendance(db: Db, sessionId: number, employeeIds?: number[]): Promise<SavedRow[]> {
  let q = db
    .selectFrom('attendance')
    .select(['employee_id', 'status', 'cuti_type', 'note', 'planned_absence_id'])
    .where('session_id', '=', sessionId);
  if (employeeIds) q = q.where('employee_id', 'in', employeeIds.length ? employeeIds : [-1]);
  return q.execute();
}

export async function insertSession(db: Db, row: NewSession): Promise<Session> {
  return db.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * Writes the new details only if nobody saved since `version` was read (optimistic lock); the
 * WHERE makes a concurrent writer on PostgreSQL wait and then match nothing.
 */
export async function updateSessionAt(db: Db, id: number, version: number, set: SessionUpdate): Promise<Session | undefined> {
  return db
    .updateTable('sessions')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function updateSession(db: Db, id: number, set: SessionUpdate): Promise<void> {
  await db.updateTable('sessions').set(set).where('id', '=', id).execute();
}

export type CountColumn = 'count_h' | 'count_hd' | 'count_tl';

/**
 * Every session's compliant count and rate from its stored per-status counts (no attendance
 * scan): compliant = the sum of `compliant` columns, rate = compliant / (expected - excused) or
 * null, as in compliance/rules.ts. The cast makes both databases divide in double precision,
 * as JavaScript does.
 */
export async function updateCompliantCounts(db: Db, compliant: CountColumn[]): Promise<void> {
  const sum = sql.join(compliant.map((c) => sql.ref(c)), sql` + `);
  await db
    .updateTable('sessions')
    .set({
      compliant_count: sql<number>`${sum}`,
      rate: sql<number | null>`case when expected_count - excused_count > 0
        then cast(${sum} as double precision) / (expected_count - excused_count) else null end`,
    })
    .execute();
}

/* 8 columns a row: 500 rows stay far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

export async function upsertAttendance(db: Db, rows: NewAttendance[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('attendance')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['session_id', 'employee_id']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          cuti_type: eb.ref('excluded.cuti_type'),
          note: eb.ref('excluded.note'),
          planned_absence_id: eb.ref('excluded.planned_absence_id'),
          opd_id: eb.ref('excluded.opd_id'),
          pledge_date: eb.ref('excluded.pledge_date'),
        })),
      )
      .execute();
  }
}

export async function updateLate(db: Db, ids: number[], late: 0 | 1): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db.updateTable('sessions').set({ late }).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
  }
}

export async function deleteAttendance(db: Db, sessionId: number, employeeIds: number[]): Promise<void> {
  for (let i = 0; i < employeeIds.length; i += CHUNK) {
    await db
      .deleteFrom('attendance')
      .where('session_id', '=', sessionId)
      .where('employee_id', 'in', employeeIds.slice(i, i + CHUNK))
      .execute();
  }
}

export async function findHolidayName(db: Db, date: string): Promise<string | undefined> {
  const row = await db.selectFrom('holidays').select('name').where('date', '=', date).executeTakeFirst();
  return row?.name;
}

export async function findUserNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** One employee's roll-call rows between two dates with their sessions (index attendance_employee_date). */
export async function findEmployeeRowsBetween(db: Db, employeeId: number, from: string, to: string) {
  return db
    .selectFrom('attendance')
    .select(['session_id', 'opd_id', 'pledge_date', 'status', 'cuti_type', 'note', 'planned_absence_id'])
    .where('employee_id', '=', employeeId)
    .where('pledge_date', '>=', from)
    .where('pledge_date', '<=', to)
    .orderBy('pledge_date')
    .execute();
}

/** The sessions of some (unit, date) pairs, for the state a unit shows on each date. */
export async function findSessionsAt(db: Db, pairs: { opdCode: string; date: string }[]) {
  if (pairs.length === 0) return [];
  return db
    .selectFrom('sessions')
    .innerJoin('opds', 'opds.id', 'sessions.opd_id')
    .select(['opds.code as opd_code', 'sessions.pledge_date', 'sessions.state', 'sessions.late'])
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('opds.code', '=', p.opdCode), eb('sessions.pledge_date', '=', p.date)]))))
    .execute();
}

/** Whether some sessions count toward compliance (migration 070; events/counted.ts decides). */
export async function setSessionsCounted(db: Db, ids: number[], counted: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('sessions').set({ counted }).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
}
