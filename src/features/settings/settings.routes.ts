import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { translateErrors } from '../../http/validate';
import { allow, can } from '../../policy';
import { settingsForm, settingsView } from './settings.presenter';
import { parseSettingsForm } from './settings.schema';
import { getSettings } from './settings.repository';
import { updateSettings } from './settings.service';

export function settingsRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.use('/settings', allow('settings.read'));

  async function render(req: Request, res: Response, status: number, form?: Record<string, unknown>, errors?: Record<string, string>) {
    const current = await getSettings(db);
    res.status(status).render('settings/show', {
      title: req.t('settings.title'),
      canWrite: can(req.user!, 'settings.edit'),
      ...settingsView(form ?? settingsForm(current), current, errors),
    });
  }

  /** Everyone signed in reads the rules that judge them (docs/DESIGN.md, "Roles and the policy"); admin and hr change them. */
  router.get('/settings', (req, res) => render(req, res, 200));

  router.post('/settings', allow('settings.edit'), async (req, res) => {
    try {
      const values = parseSettingsForm(req.body, await getSettings(db));
      const changed = await updateSettings(db, { user: req.user, requestId: req.id }, values, config.timezone);
      flash(req, 'success', changed.length ? 'settings.saved' : 'settings.unchanged');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(req, res, 422, req.body, translateErrors(req.t, err.fields));
    }
    res.redirect('/settings');
  });

  return router;
}
