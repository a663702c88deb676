import type { Feature } from '../feature';
import { flagsRoutes } from './flags.routes';

/** Flagged employees, hr's follow-ups and draft letters (DESIGN §5). */
export const flagsFeature: Feature = {
  name: 'flags',
  routes: flagsRoutes,
  nav: [{ label: 'nav.flags', href: '/flags', action: 'flags.read', order: 400 }],
};
