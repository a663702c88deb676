import type { Feature } from '../feature';
import { opdRoutes } from './opds.routes';

export const opdsFeature: Feature = {
  name: 'opds',
  routes: opdRoutes,
  nav: [{ label: 'nav.opds', href: '/opds', action: 'opds.read', order: 200 }],
};
