import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { allow } from '../../policy';
import { employeeHistory } from '../compliance/employee-history';
import { findEmployeeById } from '../employees/employees.repository';
import { findOpdById } from '../opds/opds.repository';
import { openPactsOf } from '../pacts/pacts.service';

/** How many recent pledge dates the page lists; the whole year comes with the richer page later. */
const RECENT = 12;

/**
 * An employee's own page: who they are, the unit they work in today (their current
 * assignment, src/http/auth.ts) and their latest pledge dates with the status the unit logged.
 */
export function meRoutes({ db, config }: AppDeps): Router {
  const router = Router();

  router.get('/me', allow('me.read'), async (req, res) => {
    const user = req.user!;
    const employee = user.employeeId ? await findEmployeeById(db, user.employeeId) : undefined;
    if (!employee) throw new NotFoundError();
    const unit = user.opdId ? await findOpdById(db, user.opdId) : undefined;
    const year = Number(localToday(config.timezone).slice(0, 4));
    const history = await employeeHistory(db, employee.id, year, { timezone: config.timezone });
    res.render('me/show', {
      title: req.t('me.title'),
      employee,
      unit,
      year,
      rows: history.rows.slice(0, RECENT),
      tkCount: history.tkCount,
      pacts: await openPactsOf(db, employee.id, localToday(config.timezone)),
    });
  });

  return router;
}
