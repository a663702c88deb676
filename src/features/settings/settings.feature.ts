import type { Feature } from '../feature';
import { settingsRoutes } from './settings.routes';

/** Compliance rules, ladders, TPP, deadlines, holidays policy, letterhead (DESIGN §2, §5). */
export const settingsFeature: Feature = {
  name: 'settings',
  routes: settingsRoutes,
  nav: [{ label: 'nav.settings', href: '/settings', action: 'settings.read', order: 800 }],
};
