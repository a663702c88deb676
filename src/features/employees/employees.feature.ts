import { Router } from 'express';
import type { AppDeps } from '../../http/types';
import type { Feature } from '../feature';
import { employeeActionRoutes } from './employee-actions.routes';
import { employeeRoutes } from './employees.routes';
import { importRoutes } from '../imports/imports.routes';

/** The import routes come first: /employees/import is not a NIP. */
function routes(deps: AppDeps): Router {
  const router = Router();
  router.use(importRoutes(deps));
  router.use(employeeActionRoutes(deps));
  router.use(employeeRoutes(deps));
  return router;
}

export const employeesFeature: Feature = {
  name: 'employees',
  routes,
  nav: [{ label: 'nav.employees', href: '/employees', action: 'employees.read', order: 210 }],
};
