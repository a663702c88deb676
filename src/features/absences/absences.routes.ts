import { Router, type Request, type Response } from 'express';
import { CUTI_TYPES, PLANNED_STATUSES } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { pager } from '../../lib/paging';
import { allow, can, isNarrowed, unitScope } from '../../policy';
import { importRoutes } from './absences-import.routes';
import { findOpdOptions } from './absences.repository';
import { absenceForm, presentAbsences } from './absences.presenter';
import { absenceSchema, idSchema, listQuerySchema } from './absences.schema';
import { cancelAbsence, listAbsences, registerAbsence } from './absences.service';

export function absenceRoutes(deps: AppDeps): Router {
  const { db, config } = deps;
  const router = Router();
  router.use('/absences', allow('absences.read'));
  const today = () => localToday(config.timezone);
  const actor = (req: Request) => ({ user: req.user!, requestId: req.id });
  const renderForm = (req: Request, res: Response, status: number, body: Record<string, unknown>, errors?: object) =>
    res.status(status).render('absences/new', {
      title: req.t('absences.new_title'),
      form: absenceForm(body),
      statuses: PLANNED_STATUSES,
      cutiTypes: CUTI_TYPES,
      errors,
    });

  router.get('/absences', async (req, res) => {
    const query = listQuerySchema.parse(req.query);
    const user = req.user!;
    const result = await listAbsences(db, user, query, today());
    res.render('absences/index', {
      title: req.t('absences.title'),
      query,
      filtered: Boolean(query.opd || query.status || query.date || query.q || query.show !== 'current'),
      rows: presentAbsences(result.rows, can(user, 'absences.edit')),
      pager: pager('/absences', { opd: query.opd, status: query.status, date: query.date, q: query.q, show: query.show === 'current' ? null : query.show }, result.page),
      opds: isNarrowed(unitScope(user, 'absences.read')) ? null : await findOpdOptions(db),
      statuses: PLANNED_STATUSES,
      canWrite: can(user, 'absences.edit'),
    });
  });

  router.get('/absences/new', allow('absences.edit'), (req, res) => {
    renderForm(req, res, 200, { nip: typeof req.query.nip === 'string' ? req.query.nip : '' });
  });

  router.post('/absences', allow('absences.edit'), async (req, res) => {
    try {
      const input = parse(absenceSchema, req.body);
      await registerAbsence(db, actor(req), input, today());
      flash(req, 'success', 'absences.created');
      res.redirect(`/absences?q=${encodeURIComponent(input.nip)}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, req.body, translateErrors(req.t, err.fields));
    }
  });

  router.post('/absences/:id/cancel', allow('absences.edit'), async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const done = await cancelAbsence(db, actor(req), id.data, today());
    flash(req, done ? 'success' : 'info', done ? 'absences.cancelled' : 'absences.already_cancelled');
    // Back to the same filtered page; only ever a local path. A Referer that is no URL at all
    // (it is the client's to send) must not turn a done cancellation into a 500.
    const referer = req.get('referer') ?? '/absences';
    const back = new URL(URL.canParse(referer, 'http://local') ? referer : '/absences', 'http://local');
    res.redirect(back.pathname === '/absences' ? `/absences${back.search}` : '/absences');
  });

  router.use(importRoutes(deps));
  return router;
}
