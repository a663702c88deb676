/*
 * Driver and file-system errors that are faults of the server's surroundings, not bugs: the
 * database is stopped or restarting, its connections were cut, it stays locked, or the disk is
 * full. The error middlewares turn them into 503 or 507 (http/db-faults.ts), the PostgreSQL
 * driver uses them to keep a dead connection's rollback from hiding the real error, and
 * /healthz reads them too.
 */

export type Fault = 'unavailable' | 'storage';

/* PostgreSQL SQLSTATEs: class 08 is "connection exception". */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
/* disk_full, insufficient_resources, io_error, read_only_sql_transaction (a standby, a read-only switch). */
const PG_STORAGE = new Set(['53100', '53000', '58030', '25006']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const FS_STORAGE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);
/* What pg and pg-pool say when a connection is gone; they carry no code. */
const PG_GONE = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended|server closed the connection/i;

function codeOf(err: object): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function classify(err: object): Fault | null {
  const code = codeOf(err);
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) return 'storage';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_CANTOPEN')) return 'unavailable';
    return null;
  }
  if (PG_STORAGE.has(code) || FS_STORAGE.has(code)) return 'storage';
  if (code.startsWith('08') || PG_UNAVAILABLE.has(code) || NET_CODES.has(code)) return 'unavailable';
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && PG_GONE.test(message)) return 'unavailable';
  if (typeof message === 'string' && message === 'The database connection is not open') return 'unavailable';
  return null;
}

/** Which fault an error (or its cause, or one of an AggregateError's errors) is, if any. */
export function faultOf(err: unknown, depth = 0): Fault | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const own = classify(err);
  if (own) return own;
  for (const inner of (err as { errors?: unknown }).errors instanceof Array ? (err as { errors: unknown[] }).errors : []) {
    const found = faultOf(inner, depth + 1);
    if (found) return found;
  }
  return faultOf((err as { cause?: unknown }).cause, depth + 1);
}
