import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Language } from '../config';
import { findSignedInUser } from '../features/auth/auth.repository';
import type { CurrentUser } from './types';

/** A signed-in session ends after this long without a request... */
export const IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000;
/** ...and after this long in any case (a working day plus margin). */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

export async function findCurrentUser(db: Kysely<Database>, userId: number): Promise<CurrentUser | undefined> {
  const row = await findSignedInUser(db, userId);
  if (!row || !row.active) return undefined;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    opdId: row.opd_id,
    opdCode: row.opd_code ?? null,
    language: (row.language as Language | null) ?? null,
    mustChangePassword: row.must_change_password === 1,
    via: 'session',
  };
}

/**
 * Loads the signed-in user on every request, so a disabled account or an expired session
 * is signed out at once rather than at the cookie's expiry.
 */
export function loadUser(db: Kysely<Database>) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s?.userId) return next();
    const now = Date.now();
    const expired =
      (s.lastSeenAt && now - s.lastSeenAt > IDLE_TIMEOUT_MS) ||
      (s.signedInAt && now - s.signedInAt > ABSOLUTE_LIFETIME_MS);
    const user = expired ? undefined : await findCurrentUser(db, s.userId);
    if (!user) {
      await new Promise<void>((resolve) => s.regenerate(() => resolve()));
      return next();
    }
    // Only touch the session when a minute has passed, to spare a write on every request.
    if (!s.lastSeenAt || now - s.lastSeenAt > 60_000) s.lastSeenAt = now;
    req.user = user;
    next();
  };
}

/** Pages: anonymous visitors go to /login and come back afterwards. */
export function requireLogin(req: Request, res: Response, next: NextFunction) {
  if (req.user) return next();
  if (req.method === 'GET') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  res.redirect('/login');
}
