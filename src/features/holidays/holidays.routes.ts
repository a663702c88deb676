import { Router, type Request, type Response } from 'express';
import { HOLIDAY_KINDS } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { allow, can } from '../../policy';
import { getSettings } from '../settings/settings.repository';
import { holidayForm, presentHolidays } from './holidays.presenter';
import { holidaySchema, idSchema, yearSchema } from './holidays.schema';
import {
  createHoliday,
  deleteHoliday,
  getHoliday,
  holidaysOfYear,
  loadHolidayMap,
  loadOfficialYear,
  missingOfficial,
  prefillYear,
  updateHoliday,
} from './holidays.service';
import { OFFICIAL_YEARS } from './official';

export function holidayRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.use('/holidays', allow('holidays.read'));
  const actor = (req: Request) => ({ user: req.user, requestId: req.id });
  const yearOf = (value: unknown) => {
    if (value === undefined || value === '') return Number(localToday(config.timezone).slice(0, 4));
    const result = yearSchema.safeParse(value);
    if (!result.success) throw new NotFoundError();
    return result.data;
  };
  const idOf = (req: Request) => {
    const result = idSchema.safeParse(req.params.id);
    if (!result.success) throw new NotFoundError();
    return result.data;
  };
  const renderForm = (req: Request, res: Response, status: number, values: object, id?: number, errors?: object) =>
    res.status(status).render('holidays/form', {
      title: req.t(id ? 'holidays.edit_title' : 'holidays.new_title'),
      id,
      form: holidayForm(values),
      kinds: HOLIDAY_KINDS,
      errors,
    });

  router.get('/holidays', async (req, res) => {
    const year = yearOf(req.query.year);
    const [rows, map, settings, missing] = await Promise.all([
      holidaysOfYear(db, year),
      loadHolidayMap(db, `${year}-01-01`, `${year}-12-31`),
      getSettings(db),
      missingOfficial(db, year),
    ]);
    res.render('holidays/index', {
      title: req.t('holidays.title'),
      year,
      prev: year - 1,
      next: year + 1,
      rows: presentHolidays(rows, map, settings.holiday_policy),
      policy: settings.holiday_policy,
      canWrite: can(req.user!, 'holidays.edit'),
      official: OFFICIAL_YEARS.includes(year),
      missingOfficial: missing,
    });
  });

  router.get('/holidays/new', allow('holidays.edit'), (req, res) => {
    renderForm(req, res, 200, { kind: 'libur_daerah' });
  });

  router.post('/holidays', allow('holidays.edit'), async (req, res) => {
    try {
      const row = await createHoliday(db, actor(req), parse(holidaySchema, req.body), config.timezone);
      flash(req, 'success', 'holidays.created');
      res.redirect(`/holidays?year=${row.date.slice(0, 4)}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, req.body, undefined, translateErrors(req.t, err.fields));
    }
  });

  router.post('/holidays/prefill', allow('holidays.edit'), async (req, res) => {
    const year = yearOf(req.body.year);
    try {
      const n = await prefillYear(db, actor(req), year, config.timezone);
      flash(req, 'success', req.t('holidays.prefilled', { n }));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', 'holidays.errors.official_year');
    }
    res.redirect(`/holidays?year=${year}`);
  });

  router.post('/holidays/official', allow('holidays.edit'), async (req, res) => {
    const year = yearOf(req.body.year);
    const n = await loadOfficialYear(db, actor(req), year, config.timezone);
    flash(req, 'success', req.t('holidays.official_loaded', { n }));
    res.redirect(`/holidays?year=${year}`);
  });

  router.get('/holidays/:id/edit', allow('holidays.edit'), async (req, res) => {
    const id = idOf(req);
    renderForm(req, res, 200, await getHoliday(db, id), id);
  });

  router.post('/holidays/:id', allow('holidays.edit'), async (req, res) => {
    const id = idOf(req);
    try {
      const input = parse(holidaySchema, req.body);
      await updateHoliday(db, actor(req), id, input, config.timezone);
      flash(req, 'success', 'holidays.updated');
      res.redirect(`/holidays?year=${input.date.slice(0, 4)}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderForm(req, res, 422, req.body, id, translateErrors(req.t, err.fields));
    }
  });

  router.post('/holidays/:id/delete', allow('holidays.edit'), async (req, res) => {
    const row = await getHoliday(db, idOf(req));
    await deleteHoliday(db, actor(req), row.id, config.timezone);
    flash(req, 'success', 'holidays.deleted');
    res.redirect(`/holidays?year=${row.date.slice(0, 4)}`);
  });

  return router;
}
