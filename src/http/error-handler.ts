import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { translator } from '../i18n/t';
import { isPlainAppError, knownFault } from './db-faults';
import { AppError, DatabaseUnavailableError, NotFoundError, TooManyRequestsError, ValidationError } from './errors';
import { isLanguage, withLang } from './locals';
import { translateErrors } from './validate';

export function notFound(_req: Request, _res: Response, next: NextFunction) {
  next(new NotFoundError());
}

/* multer's limits on the amount sent: beyond them the form is larger than any real one. */
const TOO_MUCH = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_KEY']);

/** body-parser and multer errors that come from what the user sent, not from a bug. */
function clientError(err: { status?: number; statusCode?: number; type?: string; code?: string }): AppError | null {
  const status = err.status ?? err.statusCode;
  if (err.type === 'entity.too.large' || (err.code !== undefined && TOO_MUCH.has(err.code))) {
    return new AppError(413, 'too_large', 'errors.too_large');
  }
  if (err.type === 'entity.parse.failed') return new AppError(400, 'bad_request', 'errors.bad_json');
  if (typeof err.code === 'string' && err.code.startsWith('LIMIT_')) {
    return new AppError(400, 'bad_request', 'errors.bad_upload');
  }
  if (status && status >= 400 && status < 500) return new AppError(status, 'bad_request', 'errors.bad_request');
  return null;
}

/** The fields of a refused urlencoded form, to send again from the 503/507 page (never passwords). */
function resendFields(req: Request, status: number): { name: string; value: string }[] | undefined {
  if ((status !== 503 && status !== 507) || req.method !== 'POST' || !req.is('application/x-www-form-urlencoded')) return undefined;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (/password/i.test(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.push({ name, value: v });
  }
  return out.length ? out : undefined;
}

/*
 * An error before the locals middleware ran (the session could not be read: the database is
 * down) still renders a whole page: its language (Indonesian unless ?lang= says otherwise),
 * the language switch and the request id.
 */
function pageBasics(req: Request, res: Response): void {
  if (res.locals.lang) return;
  const lang = isLanguage(req.query.lang) ? req.query.lang : 'id';
  req.t ??= translator(lang);
  res.locals.lang = lang;
  res.locals.otherLang = lang === 'id' ? 'en' : 'id';
  res.locals.langUrl = withLang(req.originalUrl, res.locals.otherLang);
  res.locals.requestId = req.id;
}

/**
 * One error middleware: HTML pages or JSON by content negotiation. Known errors carry their
 * status; anything else is logged with the request id and shown as a plain 500.
 */
export function errorHandler(logger: Logger, isProduction: boolean) {
  // Express recognises error middleware by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = isPlainAppError(err) ? err : (knownFault(err, req, logger) ?? clientError(err as object));
    const error = known ?? new AppError(500, 'internal', 'errors.internal');
    if (!known) (req.log ?? logger).error({ err, requestId: req.id }, 'unhandled error');
    if (res.headersSent) return res.end();
    pageBasics(req, res);
    const t = req.t;
    const message = t(error.message, error.vars);
    const fields = error instanceof ValidationError ? translateErrors(t, error.fields) : undefined;
    if (error instanceof TooManyRequestsError || error instanceof DatabaseUnavailableError) {
      res.set('Retry-After', String(error.retryAfterSeconds));
    }
    res.status(error.status);
    const wantsJson = req.path.startsWith('/api/') || req.path === '/healthz' || !req.accepts('html');
    if (wantsJson) {
      const details = fields ? Object.entries(fields).map(([path, m]) => ({ path, message: m })) : undefined;
      return res.json({ error: { code: error.code, message, ...(details ? { details } : {}) } });
    }
    const view = error.status === 500 ? 'errors/500' : error.status >= 503 ? 'errors/unavailable' : 'errors/4xx';
    res.render(view, {
      title: t(`errors.title_${error.status}`) === `errors.title_${error.status}` ? message : t(`errors.title_${error.status}`),
      status: error.status,
      message,
      fields,
      stack: !isProduction && !known && err instanceof Error ? err.stack : undefined,
      resend: resendFields(req, error.status),
      resendUrl: req.originalUrl,
    });
  };
}
