import type { Feature } from '../feature';
import { eventRoutes } from './events.routes';

/** Events besides the weekly apel: apel gabungan, ceremonies, an ikrar before an election. */
export const eventsFeature: Feature = {
  name: 'events',
  routes: eventRoutes,
  nav: [{ label: 'nav.events', href: '/events', action: 'events.read', order: 690 }],
};
