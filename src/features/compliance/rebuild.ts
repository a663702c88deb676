import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { nowIso } from '../../lib/clock';
import { storeSessionTotals } from '../sessions/session-figures.service';
import type { Settings } from '../settings/settings.defaults';
import { employeeFacts, flagState, statsOf } from './employee-stats';
import { categories, coveredCountsAllYears, employeeIdsAfter, storedYears, upsertYearStats } from './employee-stats.repository';
import { countsBySession, totalsFromCounts, verifiedBySession } from './rollup';
import { sessionIdsAfter } from './rollup.repository';

export interface RebuildReport {
  sessions: number;
  employeeYears: number;
  ms: number;
}

export interface RebuildOptions {
  /** Sessions or employees per transaction. */
  batch?: number;
  onProgress?: (what: 'sessions' | 'employees', done: number) => void;
}

/**
 * Recomputes every rollup from raw rows: each session's totals from its attendance rows (and
 * check-ins, for the verified count), and
 * each employee-year's TK count, streaks and flag state from submitted roll-calls, the units'
 * unlogged weeks and follow-ups. Batched (one transaction per batch) so it runs beside a live
 * app and never holds millions of rows in memory. The figures equal what the write paths
 * maintain; a test checks it.
 */
export async function rebuildRollups(db: Kysely<Database>, settings: Settings, opts: RebuildOptions = {}): Promise<RebuildReport> {
  const started = Date.now();
  const batch = opts.batch ?? 500;
  let sessions = 0;
  for (let last = 0; ; ) {
    const ids = await sessionIdsAfter(db, last, batch);
    if (!ids.length) break;
    await db.transaction().execute(async (trx) => {
      const counts = await countsBySession(trx, ids);
      const verified = await verifiedBySession(trx, ids);
      for (const id of ids) {
        await storeSessionTotals(trx, id, totalsFromCounts(counts.get(id)!, settings.virtual_counts, verified.get(id)!));
      }
    });
    sessions += ids.length;
    last = ids[ids.length - 1];
    opts.onProgress?.('sessions', sessions);
  }

  let employeeYears = 0;
  let employees = 0;
  for (let last = 0; ; ) {
    const ids = await employeeIdsAfter(db, last, batch);
    if (!ids.length) break;
    employeeYears += await db.transaction().execute((trx) => rebuildEmployees(trx, ids, settings));
    employees += ids.length;
    last = ids[ids.length - 1];
    opts.onProgress?.('employees', employees);
  }
  return { sessions, employeeYears, ms: Date.now() - started };
}

/** Every year an employee has submitted rows in, and every year already stored for them. */
async function rebuildEmployees(trx: Db, ids: number[], settings: Settings): Promise<number> {
  const { rows, breaks } = await employeeFacts(trx, ids, '0000-01-01', '9999-12-31', settings);
  const stored = await storedYears(trx, ids);
  const covered = await coveredCountsAllYears(trx, ids);
  const cats = await categories(trx, ids);
  const years = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  for (const [id, list] of rows) for (const r of list) years.get(id)!.add(Number(r.date.slice(0, 4)));
  for (const s of stored) years.get(s.employee_id)?.add(s.year);

  const updated_at = nowIso();
  const values = [];
  for (const id of ids) {
    const list = rows.get(id) ?? [];
    const gaps = breaks.get(id) ?? [];
    for (const year of years.get(id)!) {
      // The same window the write path reads: the year and the one before (for the run).
      const inWindow = (date: string) => date >= `${year - 1}-01-01` && date <= `${year}-12-31`;
      const stats = statsOf(list.filter((r) => inWindow(r.date)), year, gaps.filter(inWindow));
      const flags = flagState(cats.get(id) ?? 'PNS', stats, covered.get(`${id}|${year}`) ?? 0, settings);
      values.push({ employee_id: id, year, ...stats, ...flags, updated_at });
    }
  }
  await upsertYearStats(trx, values);
  return values.length;
}
