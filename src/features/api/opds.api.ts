import { Router } from 'express';
import type { AppDeps } from '../../http/types';
import { findAllOpds } from '../opds/opds.repository';
import { presentOpd } from './api.presenter';

/** GET /opds: every unit, or an opd token's own unit only. */
export function opdsApi({ db }: AppDeps): Router {
  const router = Router();
  router.get('/opds', async (req, res) => {
    const all = await findAllOpds(db);
    const user = req.user!;
    const codes = new Map(all.map((o) => [o.id, o.code]));
    const visible = user.role === 'opd' ? all.filter((o) => o.id === user.opdId) : all;
    res.json({ data: visible.map((o) => presentOpd(o, codes)) });
  });
  return router;
}
