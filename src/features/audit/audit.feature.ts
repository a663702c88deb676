import type { Feature } from '../feature';
import { auditRoutes } from './audit.routes';

export const auditFeature: Feature = {
  name: 'audit',
  routes: auditRoutes,
  nav: [{ label: 'nav.audit', href: '/audit', action: 'audit.read', order: 860 }],
};
