import { Router } from 'express';
import { requireLogin } from '../../http/auth';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { languageSchema, passwordSchema } from './account.schema';
import { changePassword, setLanguage } from './account.service';

export function accountRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.use('/account', requireLogin);

  router.get('/account', (req, res) => {
    res.render('account/show', { title: req.t('account.title'), mustChange: req.user!.mustChangePassword });
  });

  router.post('/account/password', async (req, res) => {
    try {
      const input = parse(passwordSchema, req.body);
      await changePassword(db, req.user!, input.current, input.password, req.sessionID, req.id);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(422).render('account/show', {
        title: req.t('account.title'),
        mustChange: req.user!.mustChangePassword,
        errors: translateErrors(req.t, err.fields),
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
