import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { allow } from '../../policy';
import { findSignature } from './pacts.repository';
import { idSchema, signSchema } from './pacts.schema';
import { getPact, pactState, signPact, textHash } from './pacts.service';

/**
 * An employee reads a pact and signs it with one confirmation. The address recorded is
 * req.ip, which follows the app's TRUST_PROXY setting: behind the Pemda's reverse proxy the
 * client's address, otherwise the connection's.
 */
export function pactSignRoutes({ db, config }: AppDeps): Router {
  const router = Router();

  async function render(req: Request, res: Response, status: number, error?: string) {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const pact = await getPact(db, id.data);
    const user = req.user!;
    const signature = user.employeeId ? await findSignature(db, pact.id, user.employeeId) : undefined;
    const state = pactState(pact, localToday(config.timezone));
    // A pact not yet open, or one the employee never signed after it ended, is nothing of theirs to read.
    if (!signature && state !== 'open' && status === 200) throw new NotFoundError();
    res.status(status).render('pacts/sign', { title: pact.title, pact, hash: textHash(pact.body), signature, open: state === 'open', error });
  }

  router.get('/me/pacts/:id', allow('pacts.sign'), (req, res) => render(req, res, 200));

  router.post('/me/pacts/:id', allow('pacts.sign'), async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const input = signSchema.safeParse(req.body ?? {});
    if (!input.success || !input.data.agree) return render(req, res, 422, req.t('pacts.errors.agree'));
    try {
      const outcome = await signPact(db, req.user!, id.data, {
        today: localToday(config.timezone),
        ip: req.ip ?? 'unknown',
        userAgent: req.get('user-agent') ?? '',
        seenHash: input.data.text_sha256,
      });
      flash(req, outcome === 'signed' ? 'success' : 'info', outcome === 'signed' ? 'pacts.flash.signed' : 'pacts.flash.already');
      res.redirect(`/me/pacts/${id.data}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      render(req, res, 422, req.t(err.message));
    }
  });

  return router;
}
