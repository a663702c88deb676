import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** The request's id: in its log line, the X-Request-Id header, audit rows and error pages. */
    id: string;
    /** The app's logger with the request's id bound, for what a handler logs about it. */
    log: Logger;
  }
}

/**
 * One structured line per request when it ends: id, method, path, status, time, user id. The
 * query string, cookies and authorization headers are left out, so no token or session id
 * reaches the log. Written here rather than with pino-http, whose three child loggers per
 * request were about 5% of the server's time in the 07:30 check-in burst (docs/BENCHMARKS.md):
 * the line is the same, and a child logger is made only when a handler asks for req.log.
 */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, enumerable: false, get: () => (child ??= logger.child({ reqId: id })) });
    if (!req.url.startsWith('/static/')) {
      const started = Date.now();
      const done = () => {
        res.off('finish', done);
        res.off('close', done);
        const level: Level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        const line = {
          req: { id, method: req.method, path: req.originalUrl.split('?')[0] },
          res: { status: res.statusCode },
          responseTime: Date.now() - started,
          userId: req.user?.id,
        };
        logger[level](line, res.writableFinished ? 'request completed' : 'request aborted');
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
}
