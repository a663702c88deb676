import type { Feature } from '../feature';
import { userRoutes } from './users.routes';

export const usersFeature: Feature = {
  name: 'users',
  routes: userRoutes,
  nav: [{ label: 'nav.users', href: '/admin/users', action: 'users.manage', order: 850 }],
};
