import type { Feature } from '../feature';
import { requestsRoutes } from './requests.routes';

/** Employees' own requests (izin, sakit, dinas luar, cuti) with their letter, and their decision. */
export const requestsFeature: Feature = {
  name: 'requests',
  routes: requestsRoutes,
  nav: [{ label: 'nav.requests', href: '/requests', action: 'requests.decide', order: 360 }],
};
