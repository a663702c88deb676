import type { Db } from '../../db/connect';
import type { SessionUpdate } from '../../db/database';
import * as repo from './sessions.repository';

/*
 * The sessions table is written by the sessions feature only. The rollups (compliance/rollup.ts)
 * and the rebuild store the figures they compute through these functions, so every write to a
 * session row is found in sessions.repository.ts. Roll-call changes go through
 * attendance.writer.ts instead.
 */

type Totals = Pick<
  SessionUpdate,
  | 'expected_count'
  | 'excused_count'
  | 'compliant_count'
  | 'count_h'
  | 'count_hd'
  | 'count_tl'
  | 'count_dl'
  | 'count_s'
  | 'count_i'
  | 'count_c'
  | 'count_tb'
  | 'count_tk'
  | 'count_verified'
  | 'rate'
>;

/** A session's totals as counted from its attendance rows. */
export async function storeSessionTotals(db: Db, sessionId: number, totals: Totals): Promise<void> {
  await repo.updateSession(db, sessionId, totals);
}

/** Every session's compliant count and rate again, from the counts of the statuses that comply. */
export async function storeCompliantCounts(db: Db, compliant: repo.CountColumn[]): Promise<void> {
  await repo.updateCompliantCounts(db, compliant);
}

/** Marks the sessions `ids` late (1) or on time (0). */
export async function storeLate(db: Db, ids: number[], late: 0 | 1): Promise<void> {
  await repo.updateLate(db, ids, late);
}
