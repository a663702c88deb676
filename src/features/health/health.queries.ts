import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config';
import { dialectOfDb } from '../../db/connect';
import type { Database } from '../../db/database';
import { faultOf } from '../../db/faults';

/** Below this much free space a photo (up to 5 MB, stored in the database) or a big roll-call may no longer fit. */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;

export interface DatabaseHealth {
  reachable: boolean;
  writable: boolean;
  /** Why not, for an admin: a short code, never a host, port or file name. */
  problem?: 'unreachable' | 'busy' | 'read_only' | 'size_limit' | 'disk_low' | 'error';
}

/**
 * Can the app read and write right now? A write is checked without writing anything:
 * - SQLite: BEGIN IMMEDIATE + COMMIT of nothing takes the write lock (a read-only file, or a lock
 *   held past busy_timeout, fails here as a save would); the file must be under its page limit
 *   (max_page_count, or free pages left), and the disk holding it must have room.
 * - PostgreSQL: the session must not be read-only (a standby, default_transaction_read_only);
 *   the server's own disk is out of sight here, and a PostgreSQL that cannot write its WAL stops,
 *   which shows as unreachable.
 * DATA_DIR is not checked: since photos are kept in the database (src/features/files), no save
 * writes there; it holds only backups made on this machine and the development session secret.
 * A committed probe write was not chosen: an update in place succeeds on a full disk too.
 */
export async function checkDatabase(db: Kysely<Database>, config: Config): Promise<DatabaseHealth> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { reachable: false, writable: false, problem: 'unreachable' };
  }
  try {
    const problem = dialectOfDb(db) === 'postgres' ? await postgresProblem(db) : await sqliteProblem(db, config.databaseUrl);
    return problem ? { reachable: true, writable: false, problem } : { reachable: true, writable: true };
  } catch (err) {
    const fault = faultOf(err);
    return { reachable: true, writable: false, problem: fault === 'unavailable' ? 'busy' : fault === 'storage' ? 'read_only' : 'error' };
  }
}

async function sqliteProblem(db: Kysely<Database>, file: string): Promise<DatabaseHealth['problem']> {
  await db.transaction().execute(async () => {});
  const [pages, max, free] = await Promise.all(
    ['page_count', 'max_page_count', 'freelist_count'].map(async (p) => Number(Object.values((await sql.raw(`pragma ${p}`).execute(db)).rows[0] as object)[0])),
  );
  if (pages >= max && free === 0) return 'size_limit';
  return diskProblem([path.dirname(path.resolve(file))]);
}

async function postgresProblem(db: Kysely<Database>): Promise<DatabaseHealth['problem']> {
  const { rows } = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(db);
  return rows[0]?.ro === 'on' ? 'read_only' : undefined;
}

async function diskProblem(dirs: string[]): Promise<DatabaseHealth['problem']> {
  for (const dir of dirs) {
    const stats = await fs.statfs(dir).catch(() => null);
    if (stats && stats.bavail * stats.bsize < MIN_FREE_BYTES) return 'disk_low';
  }
  return undefined;
}
