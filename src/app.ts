import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';
import { databaseCounters, type Counters } from './db/rate-limit-store';
import { ABSOLUTE_LIFETIME_MS, loadUser } from './http/auth';
import { csrfProtection } from './http/csrf';
import { errorHandler, notFound } from './http/error-handler';
import { locals } from './http/locals';
import { requirePasswordChange } from './http/password-change';
import { refuseNul } from './http/refuse-nul';
import { requestLogger } from './http/request-logger';
import { KyselySessionStore } from './http/session-store';
import type { AppDeps } from './http/types';
import { features as allFeatures } from './features';
import type { Feature } from './features/feature';
import { createLoginLimiter, type LoginLimiter } from './features/auth/login-limiter';
import { unreadNotifications } from './features/notifications/unread-count';
import { createViewEngine, VIEWS_DIR } from './views/engine';

export interface CreateAppOptions {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  /** Defaults to every feature; tests may add their own. */
  features?: Feature[];
  /** Where the rate limits count: defaults to the database, shared by every instance on it. */
  counters?: Counters;
  /** Defaults to the standard limits counted in `counters`; tests may pass tighter ones. */
  loginLimiter?: LoginLimiter;
  /** Defaults to its own budget with the sign-in limits, counted in `counters`. */
  activationLimiter?: LoginLimiter;
}

const ROOT = path.resolve(__dirname, '..');

/** Builds the Express app; never listens (server.ts and tests do that). */
export function createApp({
  db,
  config,
  logger,
  features = allFeatures,
  counters = databaseCounters(db),
  loginLimiter = createLoginLimiter(undefined, '', counters),
  activationLimiter = createLoginLimiter(undefined, 'activation:', counters),
}: CreateAppOptions): Express {
  const app = express();
  const deps: AppDeps = { db, config, logger, counters, loginLimiter, activationLimiter };
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.engine('hbs', createViewEngine({ cache: config.env !== 'development' }));
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);

  app.use(requestLogger(logger));
  app.use(securityHeaders(config));
  app.use(staticFiles());
  app.use(noStore);
  for (const f of features) if (f.api) app.use('/api/v1', refuseNul, f.api(deps));

  app.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 20000 }));
  app.use(
    session({
      name: 'ikrar.sid',
      secret: config.sessionSecret,
      store: new KyselySessionStore(db, ABSOLUTE_LIFETIME_MS),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
        maxAge: ABSOLUTE_LIFETIME_MS,
      },
    }),
  );
  app.use(loadUser(db, config.timezone));
  app.use(locals(config, features.flatMap((f) => f.nav ?? [])));
  app.use(requirePasswordChange);
  app.use(unreadNotifications(db));
  app.use(csrfProtection);
  app.use(refuseNul);
  for (const f of features) if (f.routes) app.use(f.routes(deps));

  app.use(notFound);
  app.use(errorHandler(logger, config.isProduction));
  return app;
}

/** Helmet with a CSP that allows no inline script and no request to another host. */
function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    // Intranets often serve plain HTTP; HSTS and upgrade-insecure-requests only behind TLS.
    strictTransportSecurity: config.trustProxy ? undefined : false,
  });
}

/*
 * Everything after the static files is private or carries a secret (a page with an employee's
 * record, a CSRF token, an export, an API answer): no browser or proxy may keep a copy, so Back
 * after sign-out asks the server again and gets the sign-in page instead of the last page seen.
 */
function noStore(_req: express.Request, res: express.Response, next: express.NextFunction) {
  res.set('Cache-Control', 'no-store');
  next();
}

function staticFiles() {
  const router = express.Router();
  const opts = { maxAge: '7d', immutable: false, index: false as const };
  router.use('/static', express.static(path.join(ROOT, 'public'), opts));
  router.use('/static/pico', express.static(path.join(ROOT, 'node_modules/@picocss/pico/css'), opts));
  // The QR decoder of the card scanner (public/js/scan.js) where the browser has no BarcodeDetector:
  // the one file of the jsqr package, from node_modules like pico, so no request leaves the intranet.
  router.use('/static/vendor/jsQR.js', (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    res.sendFile(path.join(ROOT, 'node_modules/jsqr/dist/jsQR.js'), { maxAge: '7d' });
  });
  return router;
}
