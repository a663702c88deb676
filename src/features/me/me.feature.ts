import type { Feature } from '../feature';
import { meRoutes } from './me.routes';

export const meFeature: Feature = {
  name: 'me',
  routes: meRoutes,
  nav: [{ label: 'nav.me', href: '/me', action: 'me.read', order: 10 }],
};
