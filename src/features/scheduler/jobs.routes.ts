import { Router } from 'express';
import { allow } from '../../policy';
import type { AppDeps } from '../../http/types';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { getSettings } from '../settings/settings.repository';
import { findRunsPage } from './job-runs.repository';
import { detailText } from './job-types';

/** The admin's record of scheduled runs, newest planned time first. */
export function jobsRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/admin/jobs', allow('jobs.read'), async (req, res) => {
    const [{ rows, page }, settings] = await Promise.all([
      readPage(pageParam(req.query.page), PAGE_SIZE, (at) => findRunsPage(db, at.page, at.size)),
      getSettings(db),
    ]);
    res.render('jobs/index', {
      title: req.t('jobs.title'),
      runs: rows.map((r) => ({
        job: r.job,
        plannedAt: r.planned_at,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        outcome: r.outcome,
        detail: detailText(r.detail, req.t),
        instanceId: r.instance_id,
      })),
      pager: pager('/admin/jobs', {}, page),
      schedule: { reminders: settings.reminder_times.join(', '), digest: settings.digest_time, zone: config.timezone },
    });
  });
  return router;
}
