/**
 * Errors a service or handler throws on purpose. `message` is an i18n key (or plain text);
 * the error handler translates it into the user's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'errors.not_found') {
    super(404, 'not_found', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'errors.forbidden') {
    super(403, 'forbidden', message);
  }
}

export class ConflictError extends AppError {
  constructor(message = 'errors.conflict', vars: Record<string, string | number> = {}) {
    super(409, 'conflict', message, vars);
  }
}

export type FieldErrors = Record<string, string>;

/** 422: one message per field (i18n keys or text), shown beside each field. */
export class ValidationError extends AppError {
  constructor(
    readonly fields: FieldErrors = {},
    message = 'errors.validation',
    vars: Record<string, string | number> = {},
  ) {
    super(422, 'validation', message, vars);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'errors.too_many_requests',
  ) {
    super(429, 'too_many_requests', message, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}

/**
 * 503: the database cannot be reached (stopped, restarting, its connections cut) or stays busy
 * past the wait. Nothing was saved; the same request can simply be sent again later.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(
    readonly retryAfterSeconds = 30,
    message = 'errors.database_unavailable',
  ) {
    super(503, 'database_unavailable', message);
  }
}

/**
 * 507: the server's storage is full or cannot be written (the database refused a write, a photo
 * could not be stored). Nothing was saved; the user's input is shown again where possible.
 */
export class StorageFullError extends AppError {
  constructor(
    message = 'errors.storage_full',
    override readonly cause?: unknown,
  ) {
    super(507, 'storage_full', message);
  }
}
