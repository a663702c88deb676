import { Router } from 'express';
import { appliedMigrations } from '../../db/migrate';
import type { AppDeps } from '../../http/types';
import { APP_VERSION } from '../../lib/version';
import { can } from '../../policy';
import { checkDatabase } from './health.queries';

/**
 * For load balancers and monitoring: 200 when the database answers and can take writes, 503
 * when it cannot be reached ("unavailable") or cannot be written ("read_only": disk full, size
 * limit, read-only). The public answer is the status and the dialect only; a signed-in admin
 * also sees why, which migrations ran and the app's version. Never a host, port or path: the error is not shown.
 */
export function healthRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (req, res) => {
    const health = await checkDatabase(db, config);
    const status = !health.reachable ? 'unavailable' : health.writable ? 'ok' : 'read_only';
    res.status(status === 'ok' ? 200 : 503);
    if (!req.user || !can(req.user, 'health.details')) return res.json({ status, dialect: config.dialect });
    const migrations = health.reachable ? await appliedMigrations(db).catch(() => null) : null;
    res.json({ status, dialect: config.dialect, version: APP_VERSION, database: health, migrations });
  });
  return router;
}
