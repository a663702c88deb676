import { Router, type Request, type Response } from 'express';
import { CATEGORIES } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { allow, can, isNarrowed, narrowScope, unitScope } from '../../policy';
import { readableHistory } from '../audit/readable';
import { employeeHistory } from '../compliance/employee-history';
import { findAllOpds } from '../opds/opds.repository';
import { findEmployeePage } from './employees.repository';
import { createEmployeeSchema, listQuerySchema, parseEmployee, SORTS, updateEmployeeSchema } from './employees.schema';
import { employeeForm, opdOptions, presentAssignments, presentEmployee, presentListRow } from './employees.presenter';
import { createEmployee, findVisibleEmployee, updateEmployee } from './employees.service';

export const actorOf = (req: Request) => ({ user: req.user, requestId: req.id });

/** ?year= on the employee page; the current year in the instance zone otherwise. */
function yearParam(value: unknown, today: string): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : Number(today.slice(0, 4));
}

export function employeeRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const writers = allow('employees.edit');
  const today = () => localToday(config.timezone);
  router.use('/employees', allow('employees.read'));

  async function renderForm(req: Request, res: Response, status: number, form: Record<string, unknown>, errors?: Record<string, string>, nip?: string) {
    res.status(status).render('employees/form', {
      title: req.t(nip ? 'employees.edit.title' : 'employees.new.title'),
      nip,
      form,
      errors,
      categories: CATEGORIES,
      opds: nip ? [] : opdOptions(await findAllOpds(db), today()),
    });
  }

  router.get('/employees', async (req, res) => {
    const query = listQuerySchema.parse(req.query);
    const opds = await findAllOpds(db);
    const scope = unitScope(req.user!, 'employees.read');
    // A user who sees one unit has no unit filter; for the others an unknown code lists nobody.
    const own = isNarrowed(scope);
    const units = own || !query.opd ? scope : narrowScope(scope, opds.find((o) => o.code === query.opd)?.id);
    const day = today();
    const filter = { ...query, units, today: day };
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => findEmployeePage(db, filter, query.sort, at.page, at.size));
    res.render('employees/list', {
      title: req.t('employees.list.title'),
      query,
      own,
      opds: own ? [] : opds.map((o) => ({ code: o.code, label: `${o.code} · ${o.name}` })),
      categories: CATEGORIES,
      sorts: SORTS,
      rows: rows.map((r) => presentListRow(r, day)),
      // Defaults stay out of the links, so they read like what people type.
      pager: pager('/employees', { ...query, status: query.status === 'active' ? null : query.status, sort: query.sort === 'name' ? null : query.sort }, page),
      canWrite: can(req.user!, 'employees.edit'),
    });
  });

  router.get('/employees/new', writers, (req, res) => renderForm(req, res, 200, { active_from: today(), category: 'PNS' }));

  router.post('/employees', writers, async (req, res) => {
    try {
      const employee = await createEmployee(db, actorOf(req), parseEmployee(createEmployeeSchema, req.body, today()));
      flash(req, 'success', 'employees.flash.created');
      res.redirect(`/employees/${employee.nip}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, translateErrors(req.t, err.fields));
    }
  });

  router.get('/employees/:nip', async (req, res) => {
    const day = today();
    const record = await findVisibleEmployee(db, req.user!, String(req.params.nip), day);
    const year = yearParam(req.query.year, day);
    res.render('employees/show', {
      title: record.employee.name,
      employee: presentEmployee(record.employee, day),
      current: record.current,
      assignments: presentAssignments(record.assignments, day),
      history: await employeeHistory(db, record.employee.id, year, { timezone: config.timezone }),
      years: { prev: year - 1, next: year + 1 },
      entries: await readableHistory(db, 'employee', record.employee.id, { t: req.t, lang: req.lang, zone: config.timezone }),
      canWrite: can(req.user!, 'employees.edit'),
    });
  });

  router.get('/employees/:nip/edit', writers, async (req, res) => {
    const record = await findVisibleEmployee(db, req.user!, String(req.params.nip), today());
    await renderForm(req, res, 200, employeeForm(record.employee), undefined, record.employee.nip);
  });

  router.post('/employees/:nip', writers, async (req, res) => {
    const record = await findVisibleEmployee(db, req.user!, String(req.params.nip), today());
    try {
      const saved = await updateEmployee(db, actorOf(req), record, parseEmployee(updateEmployeeSchema, req.body, today()));
      flash(req, 'success', 'employees.flash.updated');
      res.redirect(`/employees/${saved.nip}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, req.body, translateErrors(req.t, err.fields), record.employee.nip);
    }
  });

  return router;
}
