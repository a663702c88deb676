import type { Feature } from '../feature';
import { ssoRoutes } from './sso.routes';

export const ssoFeature: Feature = { name: 'sso', routes: ssoRoutes };
