import { Router } from 'express';
import { sql } from 'kysely';
import { appliedMigrations } from '../../db/migrate';
import type { AppDeps } from '../../http/types';

/** For load balancers and monitoring: 200 when the database answers, 503 when it does not. */
export function healthRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      const migrations = await appliedMigrations(db);
      res.json({ status: 'ok', dialect: config.dialect, migrations });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', dialect: config.dialect, error: (err as Error).message });
    }
  });
  return router;
}
