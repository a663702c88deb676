import type { Feature } from '../feature';
import { reportsRoutes } from './reports.routes';

/** The HR monthly report (docs/DESIGN.md, "Reports and exports") and the employee history CSV. */
export const reportsFeature: Feature = {
  name: 'reports',
  routes: reportsRoutes,
  nav: [{ label: 'nav.reports', href: '/reports/monthly', action: 'reports.read', order: 400 }],
};
