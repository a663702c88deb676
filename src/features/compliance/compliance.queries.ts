import type { Db } from '../../db/connect';
import type { DateRange } from './period';
import type { OpdFacts, SessionRow } from './weeks';

/*
 * Read models of the compliance summary. Each is one indexed query on a small table or on the
 * session rollup (100 OPDs x 104 weeks = 10,400 rows at most), never on attendance.
 */

/** Units that exist at some point of the range (opds is ~100 rows). */
export function findOpdsBetween(db: Db, range: DateRange, opdId?: number): Promise<OpdFacts[]> {
  let q = db
    .selectFrom('opds')
    .select(['id', 'code', 'name', 'active_from', 'active_to'])
    .where('active_from', '<=', range.to)
    .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>=', range.from)]));
  if (opdId != null) q = q.where('id', '=', opdId);
  return q.orderBy('code').execute();
}

/** Session rollups of a date range (index sessions_date, or the unique (opd_id, pledge_date)). */
export async function findSessionRows(db: Db, range: DateRange, opdId?: number): Promise<SessionRow[]> {
  let q = db
    .selectFrom('sessions')
    .select([
      'id',
      'opd_id',
      'pledge_date',
      'state',
      'late',
      'held',
      'reason_accepted',
      'rate',
      'compliant_count',
      'expected_count',
      'excused_count',
      'count_tk',
      'submitted_at',
    ])
    .where('pledge_date', '>=', range.from)
    .where('pledge_date', '<=', range.to);
  if (opdId != null) q = q.where('opd_id', '=', opdId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, rate: r.rate == null ? null : Number(r.rate) }));
}

/** Open employee flags per OPD for a year, from the covering index (year, open_flag, opd_id). */
export async function countOpenFlags(db: Db, year: number, opdId?: number): Promise<Map<number, number>> {
  let q = db
    .selectFrom('employee_year_stats')
    .select(['opd_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('year', '=', year)
    .where('open_flag', '=', 1);
  if (opdId != null) q = q.where('opd_id', '=', opdId);
  const rows = await q.groupBy('opd_id').execute();
  return new Map(rows.filter((r) => r.opd_id != null).map((r) => [r.opd_id!, Number(r.n)]));
}

export function findOpdByCode(db: Db, code: string) {
  return db
    .selectFrom('opds')
    .select(['id', 'code', 'name', 'kind', 'active_from', 'active_to'])
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
}
