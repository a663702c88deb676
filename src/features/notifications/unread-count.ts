import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { countUnread } from './notifications.repository';

/**
 * Puts the signed-in user's unread count on res.locals for the bell in the header. Only for
 * GET pages: a POST answers with a redirect and never renders the header.
 */
export function unreadNotifications(db: Kysely<Database>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.user && req.method === 'GET') res.locals.unreadCount = await countUnread(db, req.user.id);
    next();
  };
}
