import { Router, type Request, type Response } from 'express';
import { ValidationError, NotFoundError, ConflictError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { allow, can } from '../../policy';
import { countPacts, findPacts, hasSignatures } from './pacts.repository';
import { idSchema, pactSchema } from './pacts.schema';
import { closePact, editPact, getPact, pactState, publishPact } from './pacts.service';

/**
 * The administrator's side of the integrity pact: the list of pacts, publishing one, editing
 * it until the first signature, closing it. Who signed is in pacts-report.routes.ts.
 */
export function pactRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const actor = (req: Request) => ({ user: req.user!, requestId: req.id });
  const today = () => localToday(config.timezone);
  const idOf = (req: Request) => {
    const result = idSchema.safeParse(req.params.id);
    if (!result.success) throw new NotFoundError();
    return result.data;
  };
  const renderForm = (req: Request, res: Response, status: number, form: object, id?: number, errors?: object, error?: string) =>
    res.status(status).render('pacts/form', { title: req.t(id ? 'pacts.form.edit_title' : 'pacts.form.new_title'), id, form, errors, error });

  router.get('/pacts', allow('pacts.read'), async (req, res) => {
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, async (at) => ({ rows: await findPacts(db, at), total: await countPacts(db) }));
    const day = today();
    res.render('pacts/list', {
      title: req.t('pacts.list.title'),
      rows: rows.map((r) => ({ ...r, signed: Number(r.signed), state: pactState(r, day) })),
      canManage: can(req.user!, 'pacts.manage'),
      pager: pager('/pacts', {}, page),
    });
  });

  router.get('/pacts/new', allow('pacts.manage'), (req, res) => renderForm(req, res, 200, {}));

  router.post('/pacts', allow('pacts.manage'), async (req, res) => {
    try {
      const pact = await publishPact(db, actor(req), parse(pactSchema, req.body));
      flash(req, 'success', 'pacts.flash.published');
      res.redirect(`/pacts/${pact.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, req.body ?? {}, undefined, translateErrors(req.t, err.fields));
    }
  });

  router.get('/pacts/:id/edit', allow('pacts.manage'), async (req, res) => {
    const pact = await getPact(db, idOf(req));
    if (pact.closed_at || (await hasSignatures(db, pact.id))) {
      flash(req, 'error', pact.closed_at ? 'pacts.errors.closed' : 'pacts.errors.frozen');
      return res.redirect(`/pacts/${pact.id}`);
    }
    renderForm(req, res, 200, pact, pact.id);
  });

  router.post('/pacts/:id', allow('pacts.manage'), async (req, res) => {
    const id = idOf(req);
    try {
      await editPact(db, actor(req), id, parse(pactSchema, req.body));
      flash(req, 'success', 'pacts.flash.saved');
      res.redirect(`/pacts/${id}`);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(req, res, 422, req.body ?? {}, id, translateErrors(req.t, err.fields));
      if (err instanceof ConflictError) return renderForm(req, res, 409, req.body ?? {}, id, undefined, req.t(err.message));
      throw err;
    }
  });

  router.post('/pacts/:id/close', allow('pacts.manage'), async (req, res) => {
    const id = idOf(req);
    await closePact(db, actor(req), id);
    flash(req, 'success', 'pacts.flash.closed');
    res.redirect(`/pacts/${id}`);
  });

  return router;
}
