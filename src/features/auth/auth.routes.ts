import { Router, type NextFunction, type Request, type Response } from 'express';
import { homeOf } from '../../policy';
import { knownFault } from '../../http/db-faults';
import { TooManyRequestsError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { authenticate, demoAccounts, endSessionsOf, sessionLifetimeMs } from './auth.service';
import { save, startSession } from './sign-in';
import { loginSchema, safeNext } from './auth.schema';

type ShowLogin = (req: Request, res: Response, status: number, error?: string) => Promise<void>;

/** A sign-in the database or the disk refused: the login form again, saying why (503 or 507). */
function loginFault(showLogin: ShowLogin) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const fault = knownFault(err, req);
    if (!fault) return next(err);
    const message = fault.status === 507 ? 'auth.login.storage_full' : 'errors.database_unavailable';
    showLogin(req, res, fault.status, req.t(message)).catch(() => next(err));
  };
}

export function authRoutes({ db, config, loginLimiter: limiter }: AppDeps): Router {
  const router = Router();

  async function showLogin(req: Request, res: import('express').Response, status: number, error?: string) {
    res.status(status).render('auth/login', {
      title: req.t('auth.login.title'),
      layout: 'bare',
      username: typeof req.body?.username === 'string' ? req.body.username.slice(0, 100) : '',
      next: safeNext(typeof req.query.next === 'string' ? req.query.next : req.body?.next),
      error,
      demoAccounts: config.demo ? await demoAccounts(db) : undefined,
      // The single sign-on button (src/features/sso), when a provider is configured.
      sso: config.oidc?.label,
    });
  }

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect(homeOf(req.user));
    await save(req);
    await showLogin(req, res, 200);
  });

  router.post('/login', async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return showLogin(req, res, 422, req.t('auth.login.missing'));
    const { username, password, next } = parsed.data;
    const ip = req.ip ?? 'unknown';
    // The attempt is counted before the hash is checked, so a parallel burst cannot outrun the limit.
    const wait = await limiter.reserve(ip, username);
    if (wait > 0) throw new TooManyRequestsError(wait, 'auth.login.too_many');
    const signedIn = await authenticate(db, username, password, config.timezone);
    if (!signedIn) return showLogin(req, res, 401, req.t('auth.login.failed'));
    await limiter.succeed(ip, username);
    await startSession(req, signedIn.userId, await sessionLifetimeMs(db, signedIn.employeeId));
    res.redirect(safeNext(next) ?? '/');
  });
  router.use('/login', loginFault(showLogin));

  router.post('/logout', async (req, res) => {
    const userId = req.session.userId;
    if (userId) await endSessionsOf(db, userId);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('ikrar.sid');
    res.redirect('/login');
  });

  return router;
}
