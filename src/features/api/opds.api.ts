import { Router } from 'express';
import type { AppDeps } from '../../http/types';
import { allow, inScope, unitScope } from '../../policy';
import { findAllOpds } from '../opds/opds.repository';
import { presentOpd } from './api.presenter';

/** GET /opds: every unit, or an opd token's own unit only. */
export function opdsApi({ db }: AppDeps): Router {
  const router = Router();
  router.get('/opds', allow('opds.read'), async (req, res) => {
    const all = await findAllOpds(db);
    const user = req.user!;
    const codes = new Map(all.map((o) => [o.id, o.code]));
    const units = unitScope(user, 'opds.read');
    const visible = all.filter((o) => inScope(units, o.id));
    res.json({ data: visible.map((o) => presentOpd(o, codes)) });
  });
  return router;
}
