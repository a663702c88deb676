import { Router } from 'express';
import { allow } from '../../policy';
import type { AppDeps } from '../../http/types';
import { pagerOf } from '../notifications/paging';
import { pageQuery } from '../notifications/notifications.schema';
import { getSettings } from '../settings/settings.service';
import { findRunsPage } from './job-runs.repository';

const PAGE_SIZE = 50;

/** The admin's record of scheduled runs, newest planned time first. */
export function jobsRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/admin/jobs', allow('jobs.read'), async (req, res) => {
    const { page } = pageQuery.parse(req.query);
    const [{ rows, total }, settings] = await Promise.all([findRunsPage(db, page, PAGE_SIZE), getSettings(db)]);
    res.render('jobs/index', {
      title: req.t('jobs.title'),
      runs: rows.map((r) => ({
        job: r.job,
        plannedAt: r.planned_at,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        outcome: r.outcome,
        detail: r.detail,
        instanceId: r.instance_id,
      })),
      pager: pagerOf('/admin/jobs', page, total, PAGE_SIZE),
      schedule: { reminders: settings.reminder_times.join(', '), digest: settings.digest_time, zone: config.timezone },
    });
  });
  return router;
}
