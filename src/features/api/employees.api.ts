import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { allow, authorize, narrowScope, unitScope } from '../../policy';
import { findEmployeePage } from '../employees/employees.repository';
import { findOpdByCode } from '../opds/opds.repository';
import { presentEmployee, presentPage } from './api.presenter';
import { employeesQuery, parseQuery } from './api.schema';

/**
 * GET /employees?opd=&q=&category=&page=&per_page=: people in service today with their current
 * unit, paged on the server. An opd token sees its own unit; naming another unit is a 404.
 */
export function employeesApi({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/employees', allow('employees.read'), async (req, res) => {
    const query = parseQuery(employeesQuery, req.query);
    const user = req.user!;
    let units = unitScope(user, 'employees.read');
    if (query.opd) {
      const opd = await findOpdByCode(db, query.opd);
      if (!opd) throw new NotFoundError();
      authorize(user, 'employees.read', { opdId: opd.id });
      units = narrowScope(units, opd.id);
    }
    const filter = { q: query.q ?? '', units, category: query.category ?? ('' as const), status: 'active' as const, today: localToday(config.timezone) };
    const { rows, total } = await findEmployeePage(db, filter, 'name', query.page, query.per_page);
    res.json({ data: rows.map(presentEmployee), page: presentPage(query.page, query.per_page, total) });
  });
  return router;
}
