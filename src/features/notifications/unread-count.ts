import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { countUnread } from './notifications.repository';

/**
 * Puts the signed-in user's unread count on res.locals for the bell in the header. The count is
 * read for GET pages; a POST usually answers with a redirect, and when it re-renders a form
 * (422) the bell shows no number rather than a stale or missing one.
 */
export function unreadNotifications(db: Kysely<Database>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.user) res.locals.unreadCount = req.method === 'GET' ? await countUnread(db, req.user.id) : 0;
    next();
  };
}
