import { Router, type NextFunction, type Request, type Response } from 'express';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { homeOf } from '../../policy';
import { sessionLifetimeMs } from '../auth/auth.service';
import { save, startSession } from '../auth/sign-in';
import { oidcClient, ProviderUnavailableError, SignInRefusedError, type PendingSignIn } from './oidc-client';
import { nipOf, ssoAccount, SsoRefusal } from './sso.service';

declare module 'express-session' {
  interface SessionData {
    /** A single sign-on under way: state, nonce and PKCE verifier until the provider answers. */
    oidc?: PendingSignIn;
  }
}

export const SSO_CALLBACK = '/login/sso/callback';

/**
 * Single sign-on for employees over OpenID Connect: /login/sso sends the browser to the
 * provider, /login/sso/callback checks its answer and signs the employee whose NIP it carries
 * into their pegawai account (made at the first sign-on). Staff accounts (admin, hr, sekda,
 * opd) are not reachable this way: they keep their password. Without OIDC_ISSUER both routes
 * are 404 and the login page shows no button.
 */
export function ssoRoutes({ db, config, logger }: AppDeps): Router {
  const router = Router();
  const cfg = config.oidc;
  const client = cfg ? oidcClient(cfg) : undefined;
  const redirectUri = `${config.publicUrl}${SSO_CALLBACK}`;

  function refuse(req: Request, res: Response, status: number, key: string) {
    res.status(status).render('sso/error', { title: req.t('sso.title'), layout: 'bare', message: req.t(key, { label: cfg?.label ?? 'SSO' }) });
  }

  /** The provider down, or an answer it gave that is not valid: a page that says so, never a 500. */
  function failed(req: Request, res: Response, next: NextFunction, err: unknown) {
    if (err instanceof ProviderUnavailableError) {
      logger.warn({ err, reqId: req.id }, 'single sign-on provider unavailable');
      return refuse(req, res, 503, 'sso.unavailable');
    }
    if (err instanceof SignInRefusedError) {
      logger.info({ reason: err.message, reqId: req.id }, 'single sign-on refused');
      return refuse(req, res, err.denied ? 403 : 400, err.denied ? 'sso.denied' : 'sso.failed');
    }
    if (err instanceof SsoRefusal) {
      logger.info({ reason: err.reason, reqId: req.id }, 'single sign-on matched no account');
      return refuse(req, res, 403, err.message);
    }
    next(err);
  }

  router.get('/login/sso', async (req, res, next) => {
    if (!client) throw new NotFoundError();
    if (req.user) return res.redirect(homeOf(req.user));
    try {
      const { url, pending } = await client.start(redirectUri);
      // Kept in the session (the cookie is SameSite=Lax, so it comes back with the provider's
      // redirect): the callback accepts only the answer to this browser's own request.
      req.session.oidc = pending;
      await save(req);
      res.redirect(url);
    } catch (err) {
      failed(req, res, next, err);
    }
  });

  router.get(SSO_CALLBACK, async (req, res, next) => {
    if (!client || !cfg) throw new NotFoundError();
    const pending = req.session.oidc;
    // Used once: a replayed or second callback finds nothing to finish.
    delete req.session.oidc;
    try {
      if (!pending) throw new SignInRefusedError('no sign-in under way in this browser');
      await save(req);
      // The provider's answer as the address it was sent to (the registered redirect URI) with its query.
      const q = req.originalUrl.indexOf('?');
      const claims = await client.finish(new URL(redirectUri + (q >= 0 ? req.originalUrl.slice(q) : '')), pending);
      const nip = nipOf(claims, cfg);
      if (!nip) throw new SsoRefusal('no_nip');
      const account = await ssoAccount(db, nip, { zone: config.timezone, requestId: req.id });
      await startSession(req, account.userId, await sessionLifetimeMs(db, account.employeeId));
      res.redirect('/me');
    } catch (err) {
      failed(req, res, next, err);
    }
  });

  return router;
}
