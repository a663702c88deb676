import { faultOf } from '../../../src/db/faults';

/* Which driver and file-system errors count as the database being away or the disk full. */
const err = (props: Record<string, unknown>, message = 'x') => Object.assign(new Error(message), props);

describe('faultOf', () => {
  it.each([
    ['PostgreSQL stopped (connection refused)', err({ code: 'ECONNREFUSED' })],
    ['a backend killed (admin_shutdown)', err({ code: '57P01' })],
    ['PostgreSQL starting or stopping', err({ code: '57P03' })],
    ['a connection exception', err({ code: '08006' })],
    ['a connection that died between queries', err({}, 'Connection terminated unexpectedly')],
    ['a client the pool cannot use', err({}, 'Client has encountered a connection error and is not queryable')],
    ['SQLite locked past busy_timeout', err({ code: 'SQLITE_BUSY_SNAPSHOT' })],
    ['both addresses refused', Object.assign(new AggregateError([err({ code: 'ECONNREFUSED' })]), {})],
  ])('%s is "unavailable"', (_name, e) => expect(faultOf(e)).toBe('unavailable'));

  it.each([
    ['SQLite full', err({ code: 'SQLITE_FULL' })],
    ['SQLite read-only', err({ code: 'SQLITE_READONLY' })],
    ['a disk write error', err({ code: 'SQLITE_IOERR_WRITE' })],
    ['no space for a file', err({ code: 'ENOSPC' })],
    ['PostgreSQL disk full', err({ code: '53100' })],
    ['a read-only PostgreSQL', err({ code: '25006' })],
    ['wrapped as a cause', new Error('photo', { cause: err({ code: 'ENOSPC' }) })],
  ])('%s is "storage"', (_name, e) => expect(faultOf(e)).toBe('storage'));

  it.each([
    ['a unique violation', err({ code: '23505' })],
    ['a SQLite constraint', err({ code: 'SQLITE_CONSTRAINT_UNIQUE' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'boom'],
  ])('%s is no fault', (_name, e) => expect(faultOf(e)).toBeNull());
});
