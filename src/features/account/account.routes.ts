import { Router } from 'express';
import { requireLogin } from '../../http/auth';
import { TooManyRequestsError, ValidationError, type FieldErrors } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { firstPasswordSchema, languageSchema, passwordSchema } from './account.schema';
import { accountHasPassword, changePassword, setLanguage } from './account.service';

export function accountRoutes({ db, loginLimiter }: AppDeps): Router {
  const router = Router();
  router.use('/account', requireLogin);

  router.get('/account', async (req, res) => {
    const firstPassword = !(await accountHasPassword(db, req.user!.id));
    res.render('account/show', { title: req.t('account.title'), mustChange: req.user!.mustChangePassword, firstPassword });
  });

  router.post('/account/password', async (req, res) => {
    const firstPassword = !(await accountHasPassword(db, req.user!.id));
    try {
      const input = firstPassword ? { current: '', ...parse(firstPasswordSchema, req.body) } : parse(passwordSchema, req.body);
      const change = { current: input.current, next: input.password, ip: req.ip ?? 'unknown', keepSid: req.sessionID, requestId: req.id };
      await changePassword(db, loginLimiter, req.user!, change);
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
      // The fields are passwords: they are not sent back in the page, each is typed again.
      return res.status(refusal.status).render('account/show', {
        title: req.t('account.title'),
        mustChange: req.user!.mustChangePassword,
        firstPassword,
        errors: translateErrors(req.t, refusal.fields),
      });
    }
    flash(req, 'success', 'account.password_changed');
    res.redirect('/account');
  });

  router.post('/account/language', async (req, res) => {
    const { language } = parse(languageSchema, req.body);
    await setLanguage(db, req.user!.id, language);
    req.session.lang = language;
    res.redirect('/account');
  });

  return router;
}

/** A refused change shown on the form: a field's message, 422, or 429 after too many wrong guesses. */
function refusalOf(err: unknown): { status: number; fields: FieldErrors } | null {
  if (err instanceof ValidationError) return { status: 422, fields: err.fields };
  if (err instanceof TooManyRequestsError) {
    return { status: 429, fields: { current: `account.too_many|${Math.max(1, Math.ceil(err.retryAfterSeconds / 60))}` } };
  }
  return null;
}
