import { Router } from 'express';
import type { Feature } from '../feature';
import { pactReportRoutes } from './pacts-report.routes';
import { pactSignRoutes } from './pacts-sign.routes';
import { pactRoutes } from './pacts.routes';

export const pactsFeature: Feature = {
  name: 'pacts',
  // The administrator's routes first: /pacts/new must not be read as a pact id.
  routes: (deps) => Router().use(pactRoutes(deps), pactReportRoutes(deps), pactSignRoutes(deps)),
  nav: [{ label: 'nav.pacts', href: '/pacts', action: 'pacts.read', order: 420 }],
};
