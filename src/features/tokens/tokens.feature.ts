import type { Feature } from '../feature';
import { tokenRoutes } from './tokens.routes';

export const tokensFeature: Feature = {
  name: 'tokens',
  routes: tokenRoutes,
  nav: [{ label: 'nav.tokens', href: '/admin/tokens', action: 'tokens.manage', order: 855 }],
};
