import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/app';
import { apiRoutes } from '../../src/features/api/api.routes';
import type { ApiLimits } from '../../src/features/api/rate-limit';
import { authenticateToken } from '../../src/features/tokens/token-auth';
import type { TestContext } from './app';

/** The app with only the API mounted and tight rate limits, for the 429 tests. */
export function limitedApiApp(ctx: TestContext, limits: ApiLimits): Express {
  return createApp({
    db: ctx.db,
    config: ctx.config,
    logger: pino({ level: 'silent' }),
    features: [{ name: 'api', api: (deps) => apiRoutes(deps, { authenticate: authenticateToken, limits }) }],
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
