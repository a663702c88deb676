import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Language } from '../config';
import { findEmployeeOfAccount, findSignedInUser } from '../features/auth/auth.repository';
import { isActiveOn, localToday } from '../lib/calendar';
import type { CurrentEmployee, CurrentUser } from './types';

/** A signed-in session ends after this long without a request... */
export const IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000;
/** ...and after this long in any case (a working day plus margin). */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

/**
 * The signed-in user, or undefined when the account is disabled. An employee's account (a
 * pegawai) works only while the employee is in service today, and its unit is the unit the
 * employee is assigned to today, never one stored on the account: a transfer or a deactivation
 * shows on the very next request, and open sessions stop working with it.
 */
export async function findCurrentUser(db: Kysely<Database>, userId: number, zone: string): Promise<CurrentUser | undefined> {
  const row = await findSignedInUser(db, userId);
  if (!row || !row.active) return undefined;
  let unit = { opdId: row.opd_id, opdCode: row.opd_code ?? null };
  let employee: CurrentEmployee | null = null;
  if (row.employee_id !== null) {
    const today = localToday(zone);
    const e = await findEmployeeOfAccount(db, row.employee_id, today);
    if (!e || !isActiveOn(e, today)) return undefined;
    unit = { opdId: e.opd_id ?? null, opdCode: e.opd_code ?? null };
    employee = { id: e.id, nip: e.nip, name: e.name, opdId: unit.opdId, opdName: e.opd_name ?? null };
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    ...unit,
    employeeId: row.employee_id,
    employee,
    language: (row.language as Language | null) ?? null,
    mustChangePassword: row.must_change_password === 1,
    via: 'session',
  };
}

/**
 * Loads the signed-in user on every request, so a disabled account or an expired session
 * is signed out at once rather than at the cookie's expiry.
 */
export function loadUser(db: Kysely<Database>, zone: string) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s?.userId) return next();
    const now = Date.now();
    // A long session (an employee's phone, see startSession) has no shorter idle limit.
    const expired =
      (s.lastSeenAt && now - s.lastSeenAt > (s.lifetimeMs ?? IDLE_TIMEOUT_MS)) ||
      (s.signedInAt && now - s.signedInAt > (s.lifetimeMs ?? ABSOLUTE_LIFETIME_MS));
    const user = expired ? undefined : await findCurrentUser(db, s.userId, zone);
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
