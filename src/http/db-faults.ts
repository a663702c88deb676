import type { Request } from 'express';
import type { Logger } from 'pino';
import { faultOf } from '../db/faults';
import { AppError, DatabaseUnavailableError, StorageFullError } from './errors';

/* The answer to a fault (db/faults.ts): 503 with Retry-After, or 507; both error middlewares use it. */

/** The AppError to answer with for a fault, or null when the error is something else. */
export function faultError(err: unknown): AppError | null {
  if (err instanceof DatabaseUnavailableError || err instanceof StorageFullError) return err;
  const fault = faultOf(err);
  if (fault === 'storage') return new StorageFullError();
  if (fault === 'unavailable') return new DatabaseUnavailableError();
  return null;
}

/**
 * A database or storage fault (503/507), logged with the driver's own error so the log names
 * the real cause (SQLITE_FULL, ECONNREFUSED, 57P01) rather than a follow-up failure.
 */
export function knownFault(err: unknown, req: Request, logger?: Logger): AppError | null {
  const fault = faultError(err);
  if (fault) {
    const cause = fault === err && err instanceof Error && err.cause ? err.cause : err;
    (req.log ?? logger)?.warn({ err: cause, requestId: req.id, status: fault.status }, 'database or storage fault');
  }
  return fault;
}

/** An AppError thrown on purpose, other than the faults (which knownFault logs). */
export function isPlainAppError(err: unknown): err is AppError {
  return err instanceof AppError && !(err instanceof DatabaseUnavailableError) && !(err instanceof StorageFullError);
}
