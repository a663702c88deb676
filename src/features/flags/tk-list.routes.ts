import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../http/types';
import { form, parse } from '../../http/validate';
import { PAGE_SIZE, pageParam, pager, readPage } from '../../lib/paging';
import { allow, isNarrowed, narrowScope, unitScope } from '../../policy';
import { findOpdByCode } from '../opds/opds.repository';
import { listTkRows } from './tk-list.queries';

/** ?from=&to=&opd=: a date range (to not before from, at most a few years) and an optional unit. */
const tkQuerySchema = z
  .object({ from: form.date(), to: form.date(), opd: z.string().trim().max(40).optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'validation.date_order' });

/*
 * GET /flags/tk: every TK of a period, one line per person and Monday, linked to the roll-call.
 * The dashboard's and the unit page's TK figures link here with the period they count.
 */
export function tkListRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/flags/tk', allow('flags.read'), async (req, res) => {
    const q = parse(tkQuerySchema, req.query);
    const scope = unitScope(req.user!, 'flags.read');
    const own = isNarrowed(scope);
    const units = !own && q.opd ? narrowScope(scope, (await findOpdByCode(db, q.opd))?.id) : scope;
    const filter = { from: q.from, to: q.to, units };
    const { rows, page } = await readPage(pageParam(req.query.page), PAGE_SIZE, (at) => listTkRows(db, filter, at.page, at.size));
    const query = { from: q.from, to: q.to, opd: own ? null : (q.opd?.toUpperCase() ?? null) };
    res.render('flags/tk', {
      title: req.t('flags.tk.title'),
      filter: query,
      total: page.total,
      rows: rows.map((r) => ({
        ...r,
        sessionHref: `/opd/${encodeURIComponent(r.opd_code)}/sessions/${r.pledge_date}`,
        employeeHref: `/employees/${encodeURIComponent(r.nip)}`,
      })),
      pager: pager('/flags/tk', query, page),
    });
  });
  return router;
}
