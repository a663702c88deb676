import type { NextFunction, Request, Response } from 'express';

/**
 * A user whose password was reset (or set by an admin) must choose a new one before using
 * anything else: every page except the account page and sign-out sends them there.
 */
export function requirePasswordChange(req: Request, res: Response, next: NextFunction) {
  if (!req.user?.mustChangePassword || req.user.via !== 'session') return next();
  const p = req.path;
  if (p === '/account' || p.startsWith('/account/') || p === '/logout' || p.startsWith('/static/')) return next();
  res.redirect('/account');
}
