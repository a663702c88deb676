import type { Feature } from '../feature';
import { activationRoutes } from './activation.routes';

export const activationFeature: Feature = {
  name: 'activation',
  routes: activationRoutes,
  // A unit's operator finds it in the menu; hr and admin from each unit's page (/opds/:code).
  nav: [{ label: 'nav.activation', href: (u) => `/opd/${encodeURIComponent(u.opdCode ?? '')}/activation`, action: 'activation.manage', scope: 'own', order: 360 }],
};
