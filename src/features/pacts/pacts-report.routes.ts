import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { PAGE_SIZE, pageParam, pager, paging, readPage } from '../../lib/paging';
import { allow, authorize, can, isNarrowed, unitScope } from '../../policy';
import { findOpdByCode } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import { findUnitFigures, findUnitPeople, type Expectation } from './pacts.queries';
import { peopleRecords, totalsOf, unitRecords, withRate } from './pacts.presenter';
import { hasSignatures } from './pacts.repository';
import { idSchema } from './pacts.schema';
import { getPact, pactState, textHash } from './pacts.service';

/**
 * Who signed a pact: every unit with signed and expected people (sekda, hr, admin; an opd
 * user sees its own unit), one unit's people, and both as CSV for a spreadsheet.
 */
export function pactReportRoutes({ db, config }: AppDeps): Router {
  const router = Router();

  async function pactOf(req: Request) {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const pact = await getPact(db, id.data);
    const today = localToday(config.timezone);
    const settings = await getSettings(db);
    const x: Expectation = { pactId: pact.id, today, categories: settings.categories_required };
    return { pact, x, settings, state: pactState(pact, today) };
  }

  async function unitOf(req: Request) {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'pacts.read', { opdId: opd.id });
    return opd;
  }

  function sendCsv(res: Response, name: string, records: string[][], separator: string) {
    res.attachment(name).set({ 'Content-Type': 'text/csv; charset=utf-8' });
    res.send(stringify(records, { delimiter: separator === ',' ? ',' : ';', bom: true, record_delimiter: 'windows' }));
  }

  router.get('/pacts/:id', allow('pacts.read'), async (req, res) => {
    const { pact, x, state } = await pactOf(req);
    const scope = unitScope(req.user!, 'pacts.read');
    const units = await findUnitFigures(db, scope, x);
    const page = paging(units.length, PAGE_SIZE, pageParam(req.query.page));
    const manage = can(req.user!, 'pacts.manage');
    res.render('pacts/show', {
      title: pact.title,
      pact,
      state,
      hash: textHash(pact.body),
      units: units.slice(page.offset, page.offset + page.size).map(withRate),
      totals: totalsOf(units),
      narrowed: isNarrowed(scope),
      canEdit: manage && !pact.closed_at && !(await hasSignatures(db, pact.id)),
      canClose: manage && !pact.closed_at,
      pager: pager(`/pacts/${pact.id}`, {}, page),
    });
  });

  router.get('/pacts/:id/units.csv', allow('pacts.read'), async (req, res) => {
    const { pact, x, settings } = await pactOf(req);
    const units = await findUnitFigures(db, unitScope(req.user!, 'pacts.read'), x);
    sendCsv(res, `pakta-${pact.id}-unit-${x.today}.csv`, unitRecords(units, req.t, settings.csv_separator), settings.csv_separator);
  });

  router.get('/pacts/:id/opd/:code', allow('pacts.read'), async (req, res) => {
    const { pact, x } = await pactOf(req);
    const opd = await unitOf(req);
    const [figures] = await findUnitFigures(db, { kind: 'units', ids: [opd.id] }, x);
    const total = figures?.expected ?? 0;
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, async (at) => ({ rows: await findUnitPeople(db, opd.id, x, at), total }));
    res.render('pacts/unit', {
      title: req.t('pacts.unit.title', { unit: opd.name }),
      pact,
      opd,
      figures: withRate(figures ?? { expected: 0, signed: 0 }),
      people: rows,
      pager: pager(`/pacts/${pact.id}/opd/${encodeURIComponent(opd.code)}`, {}, page),
    });
  });

  router.get('/pacts/:id/opd/:code/people.csv', allow('pacts.read'), async (req, res) => {
    const { pact, x, settings } = await pactOf(req);
    const opd = await unitOf(req);
    const people = await findUnitPeople(db, opd.id, x);
    sendCsv(res, `pakta-${pact.id}-${opd.code}-${x.today}.csv`, peopleRecords(people, req.t, config.timezone), settings.csv_separator);
  });

  return router;
}
