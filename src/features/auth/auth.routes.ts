import { Router, type Request } from 'express';
import { homeOf } from '../../policy';
import { TooManyRequestsError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { authenticate, demoAccounts, endSessionsOf } from './auth.service';
import { loginSchema, safeNext } from './auth.schema';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
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
    });
  }

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect(homeOf(req.user));
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
    const userId = await authenticate(db, username, password);
    if (!userId) return showLogin(req, res, 401, req.t('auth.login.failed'));
    await limiter.succeed(ip, username);
    const lang = req.session.lang;
    await regenerate(req); // a new session id at sign-in defeats session fixation
    req.session.userId = userId;
    req.session.signedInAt = Date.now();
    req.session.lastSeenAt = Date.now();
    if (lang) req.session.lang = lang;
    res.redirect(safeNext(next) ?? '/');
  });

  router.post('/logout', async (req, res) => {
    const userId = req.session.userId;
    if (userId) await endSessionsOf(db, userId);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('ikrar.sid');
    res.redirect('/login');
  });

  return router;
}
