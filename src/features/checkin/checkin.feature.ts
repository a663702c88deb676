import { Router } from 'express';
import type { AppDeps } from '../../http/types';
import type { Feature } from '../feature';
import { reviewRoutes } from './review.routes';
import { screenRoutes } from './screen.routes';
import { selfCheckInRoutes } from './self-check-in.routes';

function checkInRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(screenRoutes(deps));
  router.use(reviewRoutes(deps));
  return router;
}

/** Check-in at the apel and events (docs/DESIGN.md, "Employees, check-in and events"). */
export const checkInFeature: Feature = {
  name: 'checkin',
  routes: checkInRoutes,
  // A unit's operator opens this week's check-in screen from the menu; hr and admin by the unit's address.
  nav: [{ label: 'nav.checkin', href: (u) => `/opd/${encodeURIComponent(u.opdCode ?? '')}/check-in`, action: 'checkin.screen', scope: 'own', order: 362 }],
};

/**
 * The employee's tap (/c/:token), mounted before every other feature: at 07:30 it is most of the
 * traffic, and a request walks each router mounted before the one that answers it.
 */
export const selfCheckInFeature: Feature = { name: 'checkin-self', routes: selfCheckInRoutes };
