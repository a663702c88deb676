import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { commitStatement } from '../db/group-commit';
import { deleteExpiredLoginSessions, deleteLoginSession, findLoginSession, upsertLoginSession } from '../features/auth/sessions.repository';

/**
 * express-session store on our own database, so sign-ins survive restarts and are shared by
 * every app instance on the same database, on SQLite and PostgreSQL alike.
 */
export class KyselySessionStore extends session.Store {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, data?: session.SessionData | null) => void): void {
    findLoginSession(this.db, sid).then((row) => {
      if (!row || row.expires_at <= new Date().toISOString()) return cb(null, null);
      cb(null, JSON.parse(row.data));
    }, cb);
  }

  override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void): void {
    const now = new Date();
    const expires = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(now.getTime() + this.defaultTtlMs);
    const row = {
      sid,
      user_id: (data as { userId?: number }).userId ?? null,
      data: JSON.stringify(data),
      created_at: now.toISOString(),
      expires_at: expires.toISOString(),
    };
    // A flash message or the minute's lastSeenAt saves the session on many requests at once
    // (the check-in burst): on SQLite those saves share a commit (src/db/group-commit.ts).
    commitStatement(this.db, (db) => upsertLoginSession(db, row)).then(() => cb?.(), cb);
  }

  /*
   * No touch(): express-session calls a store's touch on every request whose session did not
   * change, which made every page view a disk write (an fsync on SQLite, a commit on
   * PostgreSQL). loadUser changes the session (lastSeenAt) at most once a minute, and that save
   * moves expires_at forward, so the stored expiry trails real activity by a minute at most.
   */

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    deleteLoginSession(this.db, sid).then(() => cb?.(), cb);
  }

  /** Removes expired rows; called now and then, not on every request. */
  async prune(): Promise<number> {
    return deleteExpiredLoginSessions(this.db, new Date().toISOString());
  }
}
