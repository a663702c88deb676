import { Router } from 'express';
import type { Db } from '../../db/connect';
import { NotFoundError } from '../../http/errors';
import type { AppDeps, CurrentUser } from '../../http/types';
import { localToday, mondayOf } from '../../lib/calendar';
import { allow, authorize, unitScope } from '../../policy';
import { complianceSummary } from '../compliance/compliance.service';
import { buildMonthlyReport, employeePage, resolveScope } from '../reports/reports.service';
import type { MonthlyQuery } from '../reports/reports.schema';
import { findOpdByCode } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import { BadRequestError } from './api-errors';
import { complianceQuery, monthlyQuery, parseQuery } from './api.schema';
import { presentCompliance, presentMonthly } from './reports.presenter';

/**
 * The unit a read is limited to: `opd=` if given (another unit is a 404 for a token that sees
 * only its own), else the one unit such a token sees; undefined for the whole Pemda.
 */
async function scopeOpd(db: Db, user: CurrentUser, code: string | undefined): Promise<number | undefined> {
  if (!code) {
    const units = unitScope(user, 'dashboard.read');
    if (units.kind === 'all') return undefined;
    // A figure sums one unit or all of them: a token without exactly one unit has nothing to read.
    if (units.ids.length !== 1) throw new NotFoundError();
    return units.ids[0];
  }
  const opd = await findOpdByCode(db, code);
  if (!opd) throw new NotFoundError();
  authorize(user, 'dashboard.read', { opdId: opd.id });
  return opd.id;
}

/**
 * GET /compliance?week=|month= (the dashboard's figures, from the same complianceSummary) and
 * GET /reports/monthly?month= (the HR monthly report's unit rows and a keyset page of its
 * employee rows, from the same report service).
 */
export function complianceApi({ db, config }: AppDeps): Router {
  const router = Router();
  const zone = config.timezone;

  router.get('/compliance', allow('dashboard.read'), async (req, res) => {
    const q = parseQuery(complianceQuery, req.query);
    const today = localToday(zone);
    const date = q.month ? `${q.month}-01` : (q.week ?? today);
    // A period that has begun may be asked for by any of its days; one that has not is refused.
    const start = q.month ? date : mondayOf(date);
    if (start > today) throw new BadRequestError('api.errors.bad_query', [{ path: q.month ? 'month' : 'week', message: 'api.errors.future' }]);
    const opdId = await scopeOpd(db, req.user!, q.opd);
    const settings = await getSettings(db);
    const summary = await complianceSummary(db, settings, { period: q.month ? 'month' : 'week', date, timezone: zone, opdId });
    res.json(presentCompliance(summary));
  });

  router.get('/reports/monthly', allow('reports.read'), async (req, res) => {
    const q = parseQuery(monthlyQuery, req.query);
    const scope = await resolveScope(db, req.user!, { month: q.month, opd: q.opd, category: q.category, format: 'html' } as MonthlyQuery, zone);
    const report = await buildMonthlyReport(db, zone, scope);
    const page = await employeePage(db, report, { after: q.after }, q.limit);
    res.json(presentMonthly(report, page));
  });

  return router;
}
