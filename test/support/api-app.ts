import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/app';
import { apiRoutes } from '../../src/features/api/api.routes';
import type { ApiLimits } from '../../src/features/api/rate-limit';
import { memoryCounters, type Counters } from '../../src/db/rate-limit-store';
import { authenticateToken } from '../../src/features/tokens/token-auth';
import type { TestContext } from './app';

/**
 * The app with only the API mounted and tight rate limits, for the 429 tests. Counted in its
 * own memory unless `counters` says otherwise: the file's main app counts the same tokens and
 * address in the database.
 */
export function limitedApiApp(ctx: TestContext, limits: ApiLimits, counters: Counters = memoryCounters): Express {
  return createApp({
    db: ctx.db,
    config: ctx.config,
    logger: pino({ level: 'silent' }),
    counters,
    features: [{ name: 'api', api: (deps) => apiRoutes(deps, { authenticate: authenticateToken, limits }) }],
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
