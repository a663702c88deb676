import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/app';
import { apiRoutes } from '../../src/features/api/api.routes';
import type { ApiLimits } from '../../src/features/api/rate-limit';
import type { TestContext } from './app';
import { stubAuthenticate } from './api-tokens';

/** The app with only the API mounted, optionally with tight rate limits for the 429 tests. */
export function apiApp(ctx: TestContext, limits?: ApiLimits): Express {
  return createApp({
    db: ctx.db,
    config: ctx.config,
    logger: pino({ level: 'silent' }),
    features: [{ name: 'api', api: (deps) => apiRoutes(deps, { authenticate: stubAuthenticate, limits }) }],
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
