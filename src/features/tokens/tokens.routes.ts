import { Router, type Request, type Response } from 'express';
import { STAFF_ROLES } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { findAllOpds } from '../opds/opds.repository';
import { allow } from '../../policy';
import { findTokens } from './tokens.repository';
import { createTokenSchema } from './tokens.schema';
import { createToken, revokeToken } from './tokens.service';

/** API tokens: admin only. The secret is shown once, in the response to the create form. */
export function tokenRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.use('/admin/tokens', allow('tokens.manage'));
  const actorOf = (req: Request) => ({ user: req.user!, requestId: req.id });

  async function renderList(req: Request, res: Response, status: number, form: object, errors?: Record<string, string>) {
    res.status(status).render('tokens/list', {
      title: req.t('tokens.title'),
      tokens: await findTokens(db),
      form,
      errors,
      roles: STAFF_ROLES,
      opds: (await findAllOpds(db)).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` })),
    });
  }

  router.get('/admin/tokens', (req, res) => renderList(req, res, 200, { role: 'sekda' }));

  router.post('/admin/tokens', async (req, res) => {
    try {
      const input = parse(createTokenSchema, req.body);
      const { token } = await createToken(db, actorOf(req), input);
      // Rendered from the POST on purpose: the secret must not sit in a session or a cache.
      res.set('Cache-Control', 'no-store');
      res.render('tokens/created', { title: req.t('tokens.created.title'), name: input.name, token });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderList(req, res, 422, req.body, translateErrors(req.t, err.fields));
    }
  });

  router.post('/admin/tokens/:id/revoke', async (req, res) => {
    await revokeToken(db, actorOf(req), Number(req.params.id));
    flash(req, 'success', 'tokens.flash.revoked');
    res.redirect('/admin/tokens');
  });

  return router;
}
