import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { isPlainAppError, knownFault } from '../../http/db-faults';
import { AppError, DatabaseUnavailableError, TooManyRequestsError, ValidationError } from '../../http/errors';
import { translator, type Translate } from '../../i18n/t';
import { translateErrors } from '../../http/validate';
import { jsonErrorOffset } from './json-position';

/*
 * Every API error has one shape: { error: { code, message, details: [{ path, message }] } },
 * details empty when there is nothing to point at. Messages are i18n keys, translated into the
 * client's Accept-Language (Indonesian by default).
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class UnauthorizedError extends AppError {
  constructor(message = 'api.errors.unauthorized') {
    super(401, 'unauthorized', message);
  }
}

/** 400 with details already written (malformed JSON, query parameters of the wrong form). */
export class BadRequestError extends AppError {
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
    code = 'bad_request',
  ) {
    super(400, code, message);
  }
}

/** 428: a PUT without If-Match could silently overwrite someone else's roll-call. */
export class PreconditionRequiredError extends AppError {
  constructor() {
    super(428, 'precondition_required', 'api.errors.if_match_required');
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'unsupported_media_type', 'api.errors.json_only');
  }
}

/** Line and column (1-based) of a character offset, for "malformed JSON at line 3, column 14". */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

type ParserError = { type?: string; status?: number; message?: string; body?: string };

/** body-parser errors: what the client sent, never a server fault. */
function fromBodyParser(err: ParserError, t: Translate): AppError | null {
  if (err.type === 'entity.parse.failed') {
    const body = typeof err.body === 'string' ? err.body : '';
    const offset = jsonErrorOffset(body) ?? body.length;
    const where = t('api.errors.json_at', { ...lineAndColumn(body, offset), offset });
    return new BadRequestError('api.errors.bad_json', [{ path: 'body', message: `${where} ${err.message ?? ''}`.trim() }], 'bad_json');
  }
  if (err.type === 'entity.too.large') return new AppError(413, 'too_large', 'errors.too_large');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return new UnsupportedMediaTypeError();
  if (err.status && err.status >= 400 && err.status < 500) return new AppError(err.status, 'bad_request', 'errors.bad_request');
  return null;
}

export function apiErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const t = req.t ?? translator('id');
    const known = isPlainAppError(err) ? err : (knownFault(err, req, logger) ?? fromBodyParser(err as ParserError, t));
    const error = known ?? new AppError(500, 'internal', 'errors.internal');
    if (!known) (req.log ?? logger).error({ err, requestId: req.id }, 'unhandled API error');
    if (res.headersSent) return res.end();
    let details: ErrorDetail[] = [];
    if (error instanceof ValidationError) {
      details = Object.entries(translateErrors(t, error.fields)).map(([path, message]) => ({ path, message }));
    } else if (error instanceof BadRequestError) {
      details = error.details.map((d) => ({ path: d.path, message: translateErrors(t, { x: d.message }).x }));
    }
    if (error instanceof TooManyRequestsError || error instanceof DatabaseUnavailableError) {
      res.set('Retry-After', String(error.retryAfterSeconds));
    }
    if (error.status === 401) res.set('WWW-Authenticate', 'Bearer realm="ikrar"');
    res.status(error.status).set('Cache-Control', 'no-store').json({ error: { code: error.code, message: t(error.message, error.vars), details } });
  };
}
