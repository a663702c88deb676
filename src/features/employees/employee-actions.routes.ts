import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { allow } from '../../policy';
import { findAllOpds } from '../opds/opds.repository';
import { actorOf } from './employees.routes';
import { opdOptions, presentEmployee } from './employees.presenter';
import { deactivateEmployeeSchema, transferSchema } from './employees.schema';
import { deactivateEmployee, findVisibleEmployee, reactivateEmployee, type EmployeeRecord } from './employees.service';
import { transferEmployee } from './transfer.service';

/** Mutasi, leaving the service and coming back: admin and hr only. */
export function employeeActionRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const today = () => localToday(config.timezone);
  // allow sends anonymous visitors to /login first.
  const writers = allow('employees.edit');

  const record = (req: Request) => findVisibleEmployee(db, req.user!, String(req.params.nip), today());

  async function renderTransfer(req: Request, res: Response, r: EmployeeRecord, status: number, form: object, errors?: object) {
    res.status(status).render('employees/transfer', {
      title: req.t('employees.transfer.title'),
      employee: presentEmployee(r.employee, today()),
      current: r.current,
      opds: opdOptions(await findAllOpds(db), today(), r.current?.opd_id),
      form,
      errors,
    });
  }

  function renderDeactivate(req: Request, res: Response, r: EmployeeRecord, status: number, form: object, errors?: object) {
    res.status(status).render('employees/deactivate', {
      title: req.t('employees.deactivate.title'),
      employee: presentEmployee(r.employee, today()),
      form,
      errors,
    });
  }

  router.get('/employees/:nip/transfer', writers, async (req, res) => {
    await renderTransfer(req, res, await record(req), 200, { effective_date: today() });
  });

  router.post('/employees/:nip/transfer', writers, async (req, res) => {
    const r = await record(req);
    try {
      await transferEmployee(db, actorOf(req), r, parse(transferSchema, req.body));
      flash(req, 'success', 'employees.flash.transferred');
      res.redirect(`/employees/${r.employee.nip}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderTransfer(req, res, r, 422, req.body, translateErrors(req.t, err.fields));
    }
  });

  router.get('/employees/:nip/deactivate', writers, async (req, res) => {
    renderDeactivate(req, res, await record(req), 200, { inactive_from: today() });
  });

  router.post('/employees/:nip/deactivate', writers, async (req, res) => {
    const r = await record(req);
    try {
      await deactivateEmployee(db, actorOf(req), r, parse(deactivateEmployeeSchema, req.body));
      flash(req, 'success', 'employees.flash.deactivated');
      res.redirect(`/employees/${r.employee.nip}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderDeactivate(req, res, r, 422, req.body, translateErrors(req.t, err.fields));
    }
  });

  router.post('/employees/:nip/reactivate', writers, async (req, res) => {
    const r = await record(req);
    await reactivateEmployee(db, actorOf(req), r);
    flash(req, 'success', 'employees.flash.reactivated');
    res.redirect(`/employees/${r.employee.nip}`);
  });

  return router;
}
