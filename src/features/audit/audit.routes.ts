import { Router } from 'express';
import { DateTime } from 'luxon';
import { ValidationError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { allow, unitScope } from '../../policy';
import { presentEntities } from './audit.presenter';
import { findAuditEntities, findAuditPage } from './audit.repository';
import { auditFilterSchema, type AuditFilterInput } from './audit.schema';
import { readableAudit } from './readable';

/** The audit trail: admin, hr and sekda read everything; an opd user only its own unit's rows. */
export function auditRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.use('/audit', allow('audit.read'));

  router.get('/audit', async (req, res) => {
    const query = { entity: String(req.query.entity ?? ''), from: String(req.query.from ?? ''), to: String(req.query.to ?? '') };
    const entities = presentEntities(req.t, await findAuditEntities(db));
    let filter: AuditFilterInput;
    try {
      filter = parse(auditFilterSchema, query);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = translateErrors(req.t, err.fields);
      return res.status(422).render('audit/list', { title: req.t('audit.title'), query, entities, errors, entries: [] });
    }
    const zone = config.timezone;
    const rowFilter = {
      entity: filter.entity,
      fromAt: filter.from ? DateTime.fromISO(filter.from, { zone }).toUTC().toISO() : null,
      toAt: filter.to ? DateTime.fromISO(filter.to, { zone }).plus({ days: 1 }).toUTC().toISO() : null,
      units: unitScope(req.user!, 'audit.read'),
    };
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => findAuditPage(db, rowFilter, at.page, at.size));
    res.render('audit/list', {
      title: req.t('audit.title'),
      query,
      entities,
      entries: await readableAudit(db, rows, { t: req.t, lang: req.lang, zone }),
      pager: pager('/audit', query, page),
    });
  });

  return router;
}
