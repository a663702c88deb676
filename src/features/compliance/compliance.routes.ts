import { Router, type Request } from 'express';
import { requireLogin } from '../../http/auth';
import { NotFoundError } from '../../http/errors';
import { PageCache, renderBody, sendInLayout } from '../../http/page-cache';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { nowMs } from '../../lib/clock';
import { allow, authorize, can, grantOf, homeOf } from '../../policy';
import { lastAuditId } from '../audit/audit.repository';
import { checklistView, setupChecklist } from '../settings/settings.checklist';
import { getSettings } from '../settings/settings.repository';
import { findOpdByCode } from '../opds/opds.repository';
import { periodQuerySchema } from './compliance.schema';
import { complianceSummary, opdHome } from './compliance.service';
import { dashboardView } from './dashboard.presenter';
import { fmtOf } from './format';
import { opdHomeView } from './opd-home.presenter';
import { countPendingRequests } from '../requests/requests.repository';

/** How long a dashboard body may be reused when no data changed ("overdue by" texts age). */
const DASHBOARD_TTL_MS = 30_000;

export function complianceRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const fmt = (req: Request) => fmtOf(req.t, req.lang, config.timezone);

  /** The dashboard is Pemda-wide; an opd user's dashboard is its own OPD page (docs/DESIGN.md, "Roles and the policy"). */
  router.get('/dashboard', requireLogin, (req, res, next) =>
    // An opd user's dashboard is its unit's page; a role without the dashboard gets its 403 below.
    grantOf(req.user!.role, 'dashboard.read') === 'own' ? res.redirect(homeOf(req.user!)) : next(),
  );

  /*
   * The dashboard is the same for every reader and costs tens of milliseconds to build at
   * province scale (600 kB of HTML), so its body is shared for DASHBOARD_TTL_MS and until the
   * data changes (a new audit row); only the layout is rendered per request (docs/BENCHMARKS.md).
   */
  const dashboards = new PageCache(DASHBOARD_TTL_MS, 24);
  router.get('/dashboard', allow('dashboard.read'), async (req, res) => {
    const q = parse(periodQuerySchema, req.query);
    const today = localToday(config.timezone);
    // The clock is in the key in DASHBOARD_TTL_MS steps (aligned to whole minutes, as deadlines are).
    const key = [q.period ?? 'week', q.date ?? today, req.lang, Math.floor(nowMs() / DASHBOARD_TTL_MS), await lastAuditId(db)].join('|');
    const body = await dashboards.get(key, async () => {
      const settings = await getSettings(db);
      const summary = await complianceSummary(db, settings, { period: q.period ?? 'week', date: q.date ?? today, timezone: config.timezone });
      return renderBody(res, 'dashboard/show', dashboardView(fmt(req), summary, today));
    });
    // Per reader, outside the shared body: only those who can fill the settings in are asked to.
    const setup = can(req.user!, 'settings.edit') ? checklistView(setupChecklist(await getSettings(db))) : [];
    await sendInLayout(req, res, body, { title: req.t('dashboard.title'), setupChecklist: setup });
  });

  router.get('/opd/:code', allow('dashboard.read'), async (req, res) => {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'dashboard.read', { opdId: opd.id });
    const q = parse(periodQuerySchema, req.query);
    const today = localToday(config.timezone);
    const home = await opdHome(db, await getSettings(db), opd, { period: q.period ?? 'month', date: q.date ?? today, timezone: config.timezone });
    res.render('opd/show', {
      title: `${opd.code} · ${opd.name}`,
      opd,
      // The operator's queue of employees' requests; sekda does not decide them.
      pendingRequests: can(req.user!, 'requests.decide', { opdId: opd.id }) ? await countPendingRequests(db, opd.id) : 0,
      ...opdHomeView(fmt(req), opd.code, home.summary, home.week, home.flagged, today),
    });
  });

  return router;
}
