import { Router, type Request, type Response } from 'express';
import { STAFF_ROLES } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { readableHistory } from '../audit/readable';
import { findAllOpds } from '../opds/opds.repository';
import { allow } from '../../policy';
import { findUserPage, type UserRow } from './users.repository';
import { createUserSchema, updateUserSchema } from './users.schema';
import { createUser, requireUser, resetPassword, setUserActive, updateUser } from './users.service';

/** Account management: admin only (docs/DESIGN.md, "Roles and the policy"). */
export function userRoutes({ db, config, loginLimiter }: AppDeps): Router {
  const router = Router();
  router.use('/admin/users', allow('users.manage'));
  const actorOf = (req: Request) => ({ user: req.user!, requestId: req.id });

  async function renderForm(req: Request, res: Response, status: number, form: object, target?: UserRow, errors?: Record<string, string>) {
    res.status(status).render('users/form', {
      title: target ? target.username : req.t('users.new.title'),
      target,
      form,
      errors,
      roles: STAFF_ROLES,
      opds: (await findAllOpds(db)).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` })),
      entries: target ? await readableHistory(db, 'user', target.id, { t: req.t, lang: req.lang, zone: config.timezone }) : [],
    });
  }

  /** A secret shown once: never cached, never stored in the session. */
  function showPassword(req: Request, res: Response, username: string, password: string) {
    res.set('Cache-Control', 'no-store');
    res.render('users/password', { title: req.t('users.password.title'), username, password });
  }

  const formOf = (u: UserRow) => ({ display_name: u.display_name, email: u.email ?? '', role: u.role, opd_id: u.opd_id ?? '' });

  router.get('/admin/users', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => findUserPage(db, q, at.page, at.size));
    res.render('users/list', { title: req.t('users.list.title'), q, rows, pager: pager('/admin/users', { q }, page) });
  });

  router.get('/admin/users/new', (req, res) => renderForm(req, res, 200, { role: 'opd' }));

  router.post('/admin/users', async (req, res) => {
    try {
      const input = parse(createUserSchema, req.body);
      const { password } = await createUser(db, actorOf(req), input);
      showPassword(req, res, input.username, password);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, undefined, translateErrors(req.t, err.fields));
    }
  });

  router.get('/admin/users/:id', async (req, res) => {
    const target = await requireUser(db, Number(req.params.id));
    await renderForm(req, res, 200, formOf(target), target);
  });

  router.post('/admin/users/:id', async (req, res) => {
    const target = await requireUser(db, Number(req.params.id));
    try {
      await updateUser(db, actorOf(req), target, parse(updateUserSchema, req.body));
      flash(req, 'success', 'users.flash.updated');
      res.redirect(`/admin/users/${target.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, target, translateErrors(req.t, err.fields));
    }
  });

  for (const [action, active] of [['disable', false], ['enable', true]] as const) {
    router.post(`/admin/users/:id/${action}`, async (req, res) => {
      const target = await requireUser(db, Number(req.params.id));
      try {
        await setUserActive(db, actorOf(req), target, active);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderForm(req, res, 422, formOf(target), target, translateErrors(req.t, err.fields));
      }
      flash(req, 'success', `users.flash.${action}d`);
      res.redirect(`/admin/users/${target.id}`);
    });
  }

  router.post('/admin/users/:id/reset-password', async (req, res) => {
    const target = await requireUser(db, Number(req.params.id));
    const password = await resetPassword(db, actorOf(req), target);
    // A user locked out by wrong guesses (their own or an attacker's) can sign in with it at once.
    await loginLimiter.unlock(target.username);
    showPassword(req, res, target.username, password);
  });

  return router;
}
