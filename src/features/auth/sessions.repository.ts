import type { Db } from '../../db/connect';
import type { Insertable } from 'kysely';
import type { LoginSessionTable } from '../../db/database';

/** The stored sign-in sessions (express-session's store, src/http/session-store.ts). */
export function findLoginSession(db: Db, sid: string) {
  return db.selectFrom('login_sessions').select(['data', 'expires_at']).where('sid', '=', sid).executeTakeFirst();
}

export async function upsertLoginSession(db: Db, row: Insertable<LoginSessionTable>): Promise<void> {
  await db
    .insertInto('login_sessions')
    .values(row)
    .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at }))
    .execute();
}

export async function deleteLoginSession(db: Db, sid: string): Promise<void> {
  await db.deleteFrom('login_sessions').where('sid', '=', sid).execute();
}

/** Removes the sessions that expired by `now`; returns how many. */
export async function deleteExpiredLoginSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('login_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every stored sign-in of a user, but `exceptSid`. */
export async function deleteLoginSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('login_sessions').where('user_id', '=', userId);
  if (exceptSid) q = q.where('sid', '<>', exceptSid);
  await q.execute();
}
