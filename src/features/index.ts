import type { Feature } from './feature';
import { accountRoutes } from './account/account.routes';
import { authRoutes } from './auth/auth.routes';
import { healthRoutes } from './health/health.routes';
import { homeRoutes } from './home/home.routes';

/** Every feature of the app, in mounting order. */
export const features: Feature[] = [
  { name: 'health', routes: healthRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'home', routes: homeRoutes },
  {
    name: 'account',
    routes: accountRoutes,
    nav: [{ label: 'nav.account', href: '/account', roles: ['admin', 'hr', 'sekda', 'opd'], order: 900 }],
  },
];
