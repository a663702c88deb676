import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';

/*
 * multer limits each field and file but not the body as a whole: 40,000 fields of 64 KB each
 * would be buffered (2.6 GB) before the CSRF token, which is one of them, could be checked.
 * Upload routes therefore state the largest body their real form can have and refuse a larger
 * one from its Content-Length, before reading any of it; the connection is then closed so the
 * rest is not received either. Browsers send a Content-Length with every form; a chunked
 * body, whose size is unknown until it has been read, is refused (411).
 */
export class BodyTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(413, 'too_large', 'errors.body_too_large', { mb: Math.floor(maxBytes / (1024 * 1024)) });
  }
}

export class LengthRequiredError extends AppError {
  constructor() {
    super(411, 'length_required', 'errors.length_required');
  }
}

export function limitBody(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = req.headers['content-length'];
    const refusal = declared === undefined ? (req.headers['transfer-encoding'] ? new LengthRequiredError() : null) : Number(declared) > maxBytes ? new BodyTooLargeError(maxBytes) : null;
    if (!refusal) return next();
    res.set('Connection', 'close');
    next(refusal);
  };
}

/** `parser` (an upload parser) behind the limit: it runs only for a body that may be read. */
export function bounded(maxBytes: number, parser: RequestHandler): RequestHandler {
  const limit = limitBody(maxBytes);
  return (req, res, next) => limit(req, res, (err?: unknown) => (err ? next(err) : parser(req, res, next)));
}
