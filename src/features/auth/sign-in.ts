import type { Request } from 'express';
import { csrfToken } from '../../http/csrf';

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/*
 * Stored explicitly, before the answer: express-session saves on its own only after the page is
 * sent, and a failed save then went unnoticed, so with a full disk the login form carried a
 * CSRF token that was never stored and the sign-in failed as "form expired".
 */
export function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * Signs the browser in as `userId` (the login form and an employee's activation). `lifetimeMs`
 * is a longer sign-in than the staff default (an employee's): the cookie and the stored row
 * last that long, and src/http/auth.ts applies it instead of the idle and absolute limits.
 */
export async function startSession(req: Request, userId: number, lifetimeMs?: number): Promise<void> {
  const lang = req.session.lang;
  await regenerate(req); // a new session id at sign-in defeats session fixation
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
  req.session.lastSeenAt = Date.now();
  if (lifetimeMs) {
    req.session.lifetimeMs = lifetimeMs;
    req.session.cookie.maxAge = lifetimeMs;
  }
  if (lang) req.session.lang = lang;
  // The new session gets its CSRF token now, stored (and checked) with the sign-in: otherwise the
  // first page creates it and saves it after sending, and a save lost then (a database restart)
  // left a form whose token was never stored, refused later as "form expired".
  csrfToken(req);
  await save(req);
}
