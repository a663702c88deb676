import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { pageParam, pager } from '../../lib/paging';
import { allow, can } from '../../policy';
import { findEmployeeById } from '../employees/employees.repository';
import { findOpdById } from '../opds/opds.repository';
import { openPactsOf } from '../pacts/pacts.service';
import { myPage, yearOf } from './me.service';

/**
 * An employee's own page, phone first: who they are, the unit they work in today (their current
 * assignment, src/http/auth.ts), every pledge date of the year with their status and the unit's
 * state, their TK count and flag with its follow-ups, planned absences, their own requests and
 * the integrity pacts open for signing.
 */
export function meRoutes({ db, config }: AppDeps): Router {
  const router = Router();

  router.get('/me', allow('me.read'), async (req, res) => {
    const user = req.user!;
    const employee = user.employeeId ? await findEmployeeById(db, user.employeeId) : undefined;
    if (!employee) throw new NotFoundError();
    const unit = user.opdId ? await findOpdById(db, user.opdId) : undefined;
    const year = yearOf(req.query.year, config.timezone);
    const mine = await myPage(db, employee.id, year, pageParam(req.query.page), config.timezone);
    res.render('me/show', {
      title: req.t('me.title'),
      employee,
      unit,
      year,
      years: mine.history.years,
      history: mine.history,
      rows: mine.rows,
      pager: pager('/me', { year: year === mine.history.years[0] ? null : year }, mine.page),
      requests: mine.requests,
      canFile: can(user, 'requests.file'),
      pacts: await openPactsOf(db, employee.id, localToday(config.timezone)),
    });
  });

  return router;
}
