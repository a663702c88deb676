import type { Feature } from '../feature';
import { authenticateToken } from '../tokens/token-auth';
import { apiRoutes } from './api.routes';

/** The JSON API v1 (app.ts mounts `api` routers at /api/v1, before sessions and CSRF). */
export const apiFeature: Feature = {
  name: 'api',
  api: (deps) => apiRoutes(deps, { authenticate: authenticateToken }),
};
