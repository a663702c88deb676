import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../../config';
import { NotFoundError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { translator } from '../../i18n/t';
import { apiErrorHandler, UnsupportedMediaTypeError } from './api-errors';
import { bearerAuth, type Authenticate } from './bearer-auth';
import { complianceApi } from './compliance.api';
import { employeesApi } from './employees.api';
import { eventsApi } from './events.api';
import { openApiDocument } from './openapi';
import { opdsApi } from './opds.api';
import { apiLimiters, DEFAULT_LIMITS, type ApiLimits } from './rate-limit';
import { sessionsApi } from './sessions.api';

/** Messages in the client's Accept-Language when it is Indonesian or English, else the instance's. */
function apiLanguage(config: Config) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const asked = req.get('accept-language') ? req.acceptsLanguages('id', 'en') : false;
    req.lang = asked === 'en' || asked === 'id' ? asked : config.defaultLanguage;
    req.t = translator(req.lang);
    next();
  };
}

/** A body that is not JSON is refused before parsing, rather than read as an empty object. */
function jsonOnly(req: Request, _res: Response, next: NextFunction) {
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(req.method);
  if (hasBody && !req.is('application/json')) return next(new UnsupportedMediaTypeError());
  next();
}

/**
 * The JSON API v1, mounted at /api/v1 before sessions and CSRF: no cookies, bearer tokens,
 * its own rate limits and its own JSON errors. The OpenAPI document is public (it describes,
 * it reveals no data); everything else needs a token. The body parser runs after
 * authentication, so an anonymous client cannot make the server read 5 MB.
 */
export interface ApiOptions {
  authenticate: Authenticate;
  limits?: ApiLimits;
}

export function apiRoutes(deps: AppDeps, { authenticate, limits = DEFAULT_LIMITS }: ApiOptions): Router {
  const router = Router();
  const limiters = apiLimiters(limits, deps.counters);
  router.use(apiLanguage(deps.config), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/openapi.json', limiters.perClient, (_req, res) => {
    res.json(openApiDocument(deps.config.publicUrl));
  });
  router.use(limiters.addressGuard, bearerAuth(deps.db, limiters, authenticate), limiters.perClient);
  router.use(jsonOnly, express.json({ limit: '5mb' }));
  for (const part of [opdsApi, employeesApi, complianceApi, sessionsApi, eventsApi]) router.use(part(deps));
  router.use((_req, _res, next) => next(new NotFoundError()));
  router.use(apiErrorHandler(deps.logger));
  return router;
}
