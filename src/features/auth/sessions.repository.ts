import type { Db } from '../../db/connect';
import { reusableQuery } from '../../db/reusable-query';
import type { Insertable } from 'kysely';
import type { LoginSessionTable } from '../../db/database';

// Read on every request: built once (src/db/reusable-query.ts).
const loginSession = reusableQuery((db: Db, sid: string) => db.selectFrom('login_sessions').select(['data', 'expires_at']).where('sid', '=', sid));

/** The stored sign-in sessions (express-session's store, src/http/session-store.ts). */
export async function findLoginSession(db: Db, sid: string) {
  return (await loginSession(db, sid))[0];
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
