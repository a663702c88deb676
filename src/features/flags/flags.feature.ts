import type { Feature } from '../feature';
import type { AppDeps } from '../../http/types';
import { flagsRoutes } from './flags.routes';
import { tkListRoutes } from './tk-list.routes';

/** Flagged employees, hr's follow-ups and draft letters (docs/DESIGN.md, "Compliance rules"). */
export const flagsFeature: Feature = {
  name: 'flags',
  // The TK list first: /flags/tk is not an employee's flag.
  routes: (deps: AppDeps) => tkListRoutes(deps).use(flagsRoutes(deps)),
  nav: [{ label: 'nav.flags', href: '/flags', action: 'flags.read', order: 400 }],
};
