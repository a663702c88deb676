import type { Feature } from '../feature';
import { complianceRoutes } from './compliance.routes';

/** The Sekda dashboard and each OPD's home page (docs/DESIGN.md, "Reports and exports"). */
export const complianceFeature: Feature = {
  name: 'compliance',
  routes: complianceRoutes,
  nav: [
    { label: 'nav.dashboard', href: '/dashboard', action: 'dashboard.read', scope: 'all', order: 100 },
    { label: 'nav.my_opd', href: (user) => (user.opdCode ? `/opd/${user.opdCode}` : '/account'), action: 'dashboard.read', scope: 'own', order: 100 },
  ],
};
