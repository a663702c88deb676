import crypto from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

/**
 * One structured line per request: id, method, path, status, time, user id. The query string,
 * cookies and authorization headers are left out, so no token or session id reaches the log.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
      res: (res) => ({ status: res.statusCode }),
    },
    customProps: (req) => ({ userId: (req as unknown as { user?: { id: number } }).user?.id }),
    autoLogging: { ignore: (req) => String(req.url).startsWith('/static/') },
  });
}
