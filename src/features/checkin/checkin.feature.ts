import { Router } from 'express';
import type { AppDeps } from '../../http/types';
import type { Feature } from '../feature';
import { reviewRoutes } from './review.routes';
import { screenRoutes } from './screen.routes';
import { selfCheckInRoutes } from './self-check-in.routes';

function checkInRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(selfCheckInRoutes(deps));
  router.use(screenRoutes(deps));
  router.use(reviewRoutes(deps));
  return router;
}

/** Check-in at the apel and events (docs/DESIGN.md, "Employees, check-in and events"). */
export const checkInFeature: Feature = { name: 'checkin', routes: checkInRoutes };
