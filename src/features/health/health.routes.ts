import { Router } from 'express';
import { appliedMigrations } from '../../db/migrate';
import type { AppDeps } from '../../http/types';
import { pingDatabase } from './health.repository';

/** For load balancers and monitoring: 200 when the database answers, 503 when it does not. */
export function healthRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await pingDatabase(db);
      const migrations = await appliedMigrations(db);
      res.json({ status: 'ok', dialect: config.dialect, migrations });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', dialect: config.dialect, error: (err as Error).message });
    }
  });
  return router;
}
