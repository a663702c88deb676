import crypto from 'node:crypto';
import type { Request, Response } from 'express';

/*
 * A long-lived random id for the browser that opens a check-in link (docs/DESIGN.md,
 * "Employees, check-in and events"). It proves nothing on its own; two employees checked in
 * from one browser to the same apel is the sign of "titip absen" (one phone checking in a
 * colleague), which the operator then reviews.
 */
export const DEVICE_COOKIE = 'ikrar.device';
const SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** Browsers keep a cookie at most about 400 days. */
const MAX_AGE_MS = 400 * 24 * 60 * 60 * 1000;

export function deviceOf(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === DEVICE_COOKIE && value && SHAPE.test(value)) return value;
  }
  return null;
}

/** The browser's id, set when it has none yet. */
export function ensureDevice(req: Request, res: Response): string {
  const known = deviceOf(req);
  if (known) return known;
  const id = crypto.randomBytes(16).toString('base64url');
  res.cookie(DEVICE_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: MAX_AGE_MS, path: '/' });
  return id;
}
