import { Router, type Request } from 'express';
import { assertOpdAccess, homeOf, requireLogin, requireRole } from '../../http/auth';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { getSettings } from '../settings/settings.service';
import { findOpdByCode } from './compliance.queries';
import { periodQuerySchema } from './compliance.schema';
import { complianceSummary, opdHome } from './compliance.service';
import { dashboardView } from './dashboard.presenter';
import { fmtOf } from './format';
import { opdHomeView } from './opd-home.presenter';

export function complianceRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const fmt = (req: Request) => fmtOf(req.t, req.lang, config.timezone);

  /** The dashboard is Pemda-wide; an opd user's dashboard is its own OPD page (DESIGN §2). */
  router.get('/dashboard', requireLogin, (req, res, next) => (req.user!.role === 'opd' ? res.redirect(homeOf(req.user!)) : next()));

  router.get('/dashboard', requireRole('admin', 'hr', 'sekda'), async (req, res) => {
    const q = parse(periodQuerySchema, req.query);
    const today = localToday(config.timezone);
    const settings = await getSettings(db);
    const summary = await complianceSummary(db, settings, { period: q.period ?? 'week', date: q.date ?? today, timezone: config.timezone });
    res.render('dashboard/show', { title: req.t('dashboard.title'), ...dashboardView(fmt(req), summary, today) });
  });

  router.get('/opd/:code', requireLogin, async (req, res) => {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    assertOpdAccess(req.user!, opd.id);
    const q = parse(periodQuerySchema, req.query);
    const today = localToday(config.timezone);
    const home = await opdHome(db, await getSettings(db), opd, { period: q.period ?? 'month', date: q.date ?? today, timezone: config.timezone });
    res.render('opd/show', {
      title: `${opd.code} · ${opd.name}`,
      opd,
      ...opdHomeView(fmt(req), opd.code, home.summary, home.week, home.flagged, today),
    });
  });

  return router;
}
