import { Router } from 'express';
import { homeOf } from '../../policy';
import type { AppDeps } from '../../http/types';

export function homeRoutes(_deps: AppDeps): Router {
  const router = Router();
  router.get('/', (req, res) => res.redirect(req.user ? homeOf(req.user) : '/login'));
  return router;
}
