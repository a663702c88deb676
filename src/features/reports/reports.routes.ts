import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/connect';
import { ValidationError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { parse } from '../../http/validate';
import { allow, isNarrowed, unitScope } from '../../policy';
import { writeCsv } from './export-csv';
import { writePdf } from './export-pdf';
import { downloadName } from './export-texts';
import { writeXlsx } from './export-xlsx';
import { employeeHistoryCsv } from './history';
import { presentInvalid, presentMonthly } from './reports.presenter';
import { findAllOpds } from './reports.queries';
import { historyQuerySchema, monthlyQuerySchema, type MonthlyQuery, type ReportFormat } from './reports.schema';
import { buildMonthlyReport, employeePage, resolveScope, type MonthlyReport, type MonthlyScope } from './reports.service';

const PAGE_SIZE = 50;

const EXPORTS: Record<Exclude<ReportFormat, 'html'>, { type: string; ext: string }> = {
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  pdf: { type: 'application/pdf', ext: 'pdf' },
};

export function reportsRoutes({ db, config, logger }: AppDeps): Router {
  const router = Router();

  router.get('/reports/monthly', allow('reports.read'), async (req, res) => {
    let query: MonthlyQuery;
    let scope: MonthlyScope;
    try {
      query = parse(monthlyQuerySchema, req.query);
      scope = await resolveScope(db, req.user!, query, config.timezone);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const opds = isNarrowed(unitScope(req.user!, 'reports.read')) ? [] : await findAllOpds(db);
      return res.status(422).render('reports/monthly', presentInvalid(req, req.query, err.fields, opds));
    }
    const report = await buildMonthlyReport(db, config.timezone, scope);
    if (query.format !== 'html') return download(db, report, query.format, req, res, logger);
    const page = await employeePage(db, report, query, PAGE_SIZE);
    res.render('reports/monthly', presentMonthly(report, page, req));
  });

  router.get('/employees/:nip/history.csv', allow('reports.read'), async (req, res) => {
    const { year } = parse(historyQuerySchema, req.query);
    const csv = await employeeHistoryCsv(db, req.user!, String(req.params.nip), year, config.timezone, req.t);
    res.attachment(csv.filename).set({ 'Content-Type': EXPORTS.csv.type, 'Cache-Control': 'no-store' });
    res.send(csv.body);
  });

  return router;
}

/**
 * Streams a download. The headers go out at once so the browser shows the download starting;
 * a failure after that can no longer become an error page, so the connection is cut and the
 * browser reports a failed download instead of saving a truncated file as if it were whole.
 */
async function download(db: Db, report: MonthlyReport, format: Exclude<ReportFormat, 'html'>, req: Request, res: Response, logger: Logger) {
  const { type, ext } = EXPORTS[format];
  res.attachment(downloadName(report, ext));
  res.set({ 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.flushHeaders();
  try {
    if (format === 'xlsx') await writeXlsx(db, report, res, req.t, req.lang);
    else if (format === 'csv') await writeCsv(db, report, res, req.t);
    else await writePdf(db, report, res, req.t, req.lang);
  } catch (err) {
    (req.log ?? logger).error({ err, requestId: req.id, format }, 'report download failed');
    res.destroy();
  }
}
