import { Router } from 'express';
import type { Feature } from '../feature';
import { correctionRoutes } from '../corrections/corrections.routes';
import { rollCallImportRoutes } from './roll-call-import.routes';
import { sessionRoutes } from './sessions.routes';

/** The session page, its roll-call import and the correction requests (docs/DESIGN.md, "Sessions and the roll-call"). */
export const sessionsFeature: Feature = {
  name: 'sessions',
  routes: (deps) => Router().use(rollCallImportRoutes(deps), correctionRoutes(deps), sessionRoutes(deps)),
  nav: [{ label: 'nav.corrections', href: '/corrections', action: 'correction.decide', order: 450 }],
};
