import { Router, type Request, type Response } from 'express';
import { OPD_KINDS, type Opd } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { addDays, isActiveOn, localToday } from '../../lib/calendar';
import { allow, authorize, can, inScope, isNarrowed, unitScope } from '../../policy';
import { readableHistory } from '../audit/readable';
import { countEmployeesByOpd, findAllOpds, findOpdById } from './opds.repository';
import { createOpdSchema, deactivateOpdSchema, updateOpdSchema } from './opds.schema';
import { opdForm, opdTree, parentOptions } from './opds.presenter';
import { createOpd, deactivateOpd, descendantsOf, reactivateOpd, requireOpd, updateOpd } from './opds.service';

const actorOf = (req: Request) => ({ user: req.user, requestId: req.id });

export function opdRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const writers = allow('opds.edit');
  router.use('/opds', allow('opds.read'));

  /** Reads go through here: an opd user reaching another unit gets a 404. */
  async function visibleOpd(req: Request): Promise<Opd> {
    const opd = await requireOpd(db, String(req.params.code));
    authorize(req.user!, 'opds.read', { opdId: opd.id });
    return opd;
  }

  async function renderForm(req: Request, res: Response, status: number, form: Record<string, unknown>, opd?: Opd, errors?: Record<string, string>) {
    const all = await findAllOpds(db);
    res.status(status).render('opds/form', {
      title: req.t(opd ? 'opds.edit.title' : 'opds.new.title', { code: opd?.code ?? '' }),
      opd,
      form,
      errors,
      kinds: OPD_KINDS,
      parents: parentOptions(all, opd ? descendantsOf(all, opd.id) : new Set()),
    });
  }

  async function renderShow(req: Request, res: Response, opd: Opd, status = 200, errors?: Record<string, string>) {
    const today = localToday(config.timezone);
    const all = await findAllOpds(db);
    const units = unitScope(req.user!, 'opds.read');
    const counts = await countEmployeesByOpd(db, today, units);
    // A user who sees one unit does not see its sub-units' pages either.
    const children = isNarrowed(units) ? [] : all.filter((o) => o.parent_id === opd.id);
    res.status(status).render('opds/show', {
      title: `${opd.code} · ${opd.name}`,
      opd,
      parent: opd.parent_id === null ? undefined : await findOpdById(db, opd.parent_id),
      children: opdTree(children, counts, today),
      employees: counts.get(opd.id) ?? 0,
      active: isActiveOn(opd, today),
      canWrite: can(req.user!, 'opds.edit'),
      canActivate: can(req.user!, 'activation.manage', { opdId: opd.id }),
      deactivateForm: { inactive_from: req.body?.inactive_from ?? addDays(today, 1) },
      errors,
      entries: await readableHistory(db, 'opd', opd.id, { t: req.t, lang: req.lang, zone: config.timezone }),
    });
  }

  router.get('/opds', async (req, res) => {
    const today = localToday(config.timezone);
    const units = unitScope(req.user!, 'opds.read');
    const opds = (await findAllOpds(db)).filter((o) => inScope(units, o.id));
    const counts = await countEmployeesByOpd(db, today, units);
    res.render('opds/list', {
      title: req.t('opds.list.title'),
      tree: opdTree(opds, counts, today),
      canWrite: can(req.user!, 'opds.edit'),
    });
  });

  router.get('/opds/new', writers, (req, res) =>
    renderForm(req, res, 200, { active_from: localToday(config.timezone), kind: 'dinas' }),
  );

  router.post('/opds', writers, async (req, res) => {
    try {
      const opd = await createOpd(db, actorOf(req), parse(createOpdSchema, req.body));
      flash(req, 'success', 'opds.flash.created');
      res.redirect(`/opds/${opd.code}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, undefined, translateErrors(req.t, err.fields));
    }
  });

  router.get('/opds/:code', async (req, res) => renderShow(req, res, await visibleOpd(req)));

  router.get('/opds/:code/edit', writers, async (req, res) => {
    const opd = await requireOpd(db, String(req.params.code));
    await renderForm(req, res, 200, opdForm(opd), opd);
  });

  router.post('/opds/:code', writers, async (req, res) => {
    const opd = await requireOpd(db, String(req.params.code));
    try {
      await updateOpd(db, actorOf(req), opd, parse(updateOpdSchema, req.body));
      flash(req, 'success', 'opds.flash.updated');
      res.redirect(`/opds/${opd.code}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, { ...req.body, code: opd.code }, opd, translateErrors(req.t, err.fields));
    }
  });

  router.post('/opds/:code/deactivate', writers, async (req, res) => {
    const opd = await requireOpd(db, String(req.params.code));
    try {
      await deactivateOpd(db, actorOf(req), opd, parse(deactivateOpdSchema, req.body).inactive_from);
      flash(req, 'success', 'opds.flash.deactivated');
      res.redirect(`/opds/${opd.code}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderShow(req, res, opd, 422, translateErrors(req.t, err.fields));
    }
  });

  router.post('/opds/:code/reactivate', writers, async (req, res) => {
    const opd = await requireOpd(db, String(req.params.code));
    await reactivateOpd(db, actorOf(req), opd);
    flash(req, 'success', 'opds.flash.reactivated');
    res.redirect(`/opds/${opd.code}`);
  });

  return router;
}
