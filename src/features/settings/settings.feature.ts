import type { Feature } from '../feature';
import { settingsRoutes } from './settings.routes';

/** Compliance rules, ladders, TPP, deadlines, holidays policy, letterhead (docs/DESIGN.md, "Roles and the policy" and "Compliance rules"). */
export const settingsFeature: Feature = {
  name: 'settings',
  routes: settingsRoutes,
  nav: [{ label: 'nav.settings', href: '/settings', action: 'settings.read', order: 800 }],
};
