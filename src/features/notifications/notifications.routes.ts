import { Router } from 'express';
import { requireLogin } from '../../http/auth';
import { NotFoundError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { pageParam, pager } from '../../lib/paging';
import { listNotifications, markAllRead, markRead } from './notifications.service';
import { presentNotification, safeLink } from './notifications.presenter';
import { idParam, readBody } from './notifications.schema';

/** Every role has a notification list: reminders for opd users, digests for hr and sekda. */
export function notificationsRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/notifications', requireLogin, async (req, res) => {
    const { rows, page } = await listNotifications(db, req.user!, pageParam(req.query.page));
    res.render('notifications/index', {
      title: req.t('notifications.title'),
      notifications: rows.map(presentNotification),
      pager: pager('/notifications', {}, page),
    });
  });

  router.post('/notifications/read-all', requireLogin, async (req, res) => {
    await markAllRead(db, req.user!);
    flash(req, 'success', 'notifications.marked_all');
    res.redirect('/notifications');
  });

  router.post('/notifications/:id/read', requireLogin, async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const link = await markRead(db, req.user!, id.data);
    const open = readBody.parse(req.body).open === '1';
    res.redirect((open && safeLink(link)) || '/notifications');
  });

  return router;
}
