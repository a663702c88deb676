import { Router, type Request, type Response } from 'express';
import { CATEGORIES, CUTI_TYPES } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { allow, authorize, can, isNarrowed, narrowScope, unitScope, type UnitScope } from '../../policy';
import { findFollowUps } from '../compliance/employee-history.queries';
import { STEP_ORDER } from '../compliance/rules';
import { findEmployeeByNip } from '../employees/employees.repository';
import { findOpdByCode } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import { letterView } from './flags.letter';
import { flagRows } from './flags.presenter';
import * as q from './flags.queries';
import { EXCUSED_STATUSES, excuseSchema, flagFilterSchema, flagParamsSchema, followUpSchema, letterQuerySchema } from './flags.schema';
import { acceptReason, recordFollowUp } from './flags.service';

const actorOf = (req: Request) => ({ user: req.user!, requestId: req.id });

export function flagsRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const writers = allow('flags.followUp');
  router.use('/flags', allow('flags.read'));

  /** opd users see their own unit only; others may pick a unit by code (unknown code: nothing). */
  async function unitFilter(req: Request, code: string | undefined): Promise<{ units: UnitScope; own: boolean; code: string }> {
    const units = unitScope(req.user!, 'flags.read');
    if (isNarrowed(units)) return { units, own: true, code: req.user!.opdCode ?? '' };
    if (!code) return { units, own: false, code: '' };
    return { units: narrowScope(units, (await findOpdByCode(db, code))?.id), own: false, code: code.toUpperCase() };
  }

  router.get('/flags', async (req, res) => {
    const f = parse(flagFilterSchema, req.query);
    const thisYear = Number(localToday(config.timezone).slice(0, 4));
    const year = f.year ?? thisYear;
    const unit = await unitFilter(req, f.opd);
    const filter = { year, status: f.status, units: unit.units, step: f.step, category: f.category };
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => q.listFlags(db, filter, at.page, at.size));
    const query = { year, status: f.status, opd: unit.own ? null : unit.code, step: f.step, category: f.category };
    res.render('flags/list', {
      title: req.t('flags.list.title'),
      rows: flagRows(rows),
      total: page.total,
      filter: { ...query, opd: unit.code },
      opds: unit.own ? [] : await q.findOpdChoices(db),
      steps: STEP_ORDER,
      categories: CATEGORIES,
      years: [thisYear, thisYear - 1, thisYear - 2],
      pager: pager('/flags', query, page),
    });
  });

  /** A flag the user may read: opd users only their own unit's (404 otherwise). */
  async function visibleFlag(req: Request) {
    const { nip, year } = parse(flagParamsSchema, req.params);
    const employee = await findEmployeeByNip(db, nip);
    const flag = employee && (await q.findFlag(db, employee.id, year));
    if (!employee || !flag) throw new NotFoundError();
    authorize(req.user!, 'flags.read', { opdId: flag.opd_id });
    return { employee, flag, year };
  }

  async function renderShow(req: Request, res: Response, status = 200, errors?: Record<string, string>, forms: Record<string, unknown> = {}) {
    const { employee, flag, year } = await visibleFlag(req);
    res.status(status).render('flags/show', {
      title: req.t('flags.show.title', { name: employee.name, year }),
      employee,
      flag: { ...flag, open: Number(flag.open_flag) === 1 },
      year,
      base: `/flags/${encodeURIComponent(employee.nip)}/${year}`,
      tkDates: await q.findTkDates(db, employee.id, year),
      followUps: await findFollowUps(db, employee.id, year),
      canWrite: can(req.user!, 'flags.followUp'),
      steps: STEP_ORDER,
      excusedStatuses: EXCUSED_STATUSES,
      cutiTypes: CUTI_TYPES,
      followUpForm: forms.followUp ?? { step: flag.step && flag.step !== 'alasan_diterima' ? flag.step : 'catatan' },
      excuseForm: forms.excuse ?? {},
      errors,
    });
  }

  router.get('/flags/:nip/:year', async (req, res) => renderShow(req, res));

  router.post('/flags/:nip/:year/follow-ups', writers, async (req, res) => {
    const { employee, year } = await visibleFlag(req);
    try {
      const input = parse(followUpSchema, req.body);
      await recordFollowUp(db, actorOf(req), await getSettings(db), { employeeId: employee.id, year }, input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderShow(req, res, 422, translateErrors(req.t, err.fields), { followUp: req.body });
    }
    flash(req, 'success', 'flags.follow_up_saved');
    res.redirect(`/flags/${encodeURIComponent(employee.nip)}/${year}`);
  });

  router.post('/flags/:nip/:year/excuse', writers, async (req, res) => {
    const { employee, year } = await visibleFlag(req);
    try {
      const input = parse(excuseSchema, req.body);
      await acceptReason(db, actorOf(req), await getSettings(db), { employeeId: employee.id, year }, input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderShow(req, res, 422, translateErrors(req.t, err.fields), { excuse: req.body });
    }
    flash(req, 'success', 'flags.excuse_saved');
    res.redirect(`/flags/${encodeURIComponent(employee.nip)}/${year}`);
  });

  router.get('/flags/:nip/:year/letter', async (req, res) => {
    const { employee, flag, year } = await visibleFlag(req);
    const l = parse(letterQuerySchema, req.query);
    const followUp = l.follow_up ? await q.findFollowUpById(db, l.follow_up) : undefined;
    if (l.follow_up && (!followUp || followUp.employee_id !== employee.id || followUp.year !== year)) throw new NotFoundError();
    const step = followUp?.step ?? l.step ?? flag.step ?? 'catatan';
    const unit = flag.opd_id != null ? await q.findUnitHead(db, flag.opd_id) : await q.findCurrentUnit(db, employee.id, localToday(config.timezone));
    res.render('flags/letter', {
      layout: false,
      title: req.t('flags.letter.title', { name: employee.name }),
      back: `/flags/${encodeURIComponent(employee.nip)}/${year}`,
      letter: letterView(req.t, await getSettings(db), {
        employee,
        unit: unit ?? null,
        year,
        step,
        tkDates: await q.findTkDates(db, employee.id, year),
        letterNumber: followUp?.letter_number ?? null,
        letterDate: followUp?.letter_date ?? null,
      }),
    });
  });

  return router;
}
