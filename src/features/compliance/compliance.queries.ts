import type { Db } from '../../db/connect';
import type { OpdPeriod } from '../../db/database';
import type { DateRange } from './period';
import type { SessionRow } from './weeks';

/*
 * Read models of the compliance summary. Each is one indexed query on a small table or on the
 * session rollup (100 OPDs x 104 weeks = 10,400 rows at most), never on attendance.
 */

/** Units that exist at some point of the range (opds is ~100 rows). */
export function findOpdsBetween(db: Db, range: DateRange, opdId?: number): Promise<OpdPeriod[]> {
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
      'count_h',
      'count_tl',
      'count_verified',
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

export interface PeriodTotals {
  opd_id: number;
  on_time: number;
  tk: number;
  compliant: number;
  denominator: number;
}

/**
 * Per-OPD totals of submitted sessions on the given pledge dates, counted only while the unit
 * was active: the "previous period" of the headline, aggregated in SQL instead of read row by
 * row (for a year that is 5,000 sessions fewer to ship).
 */
export async function sumSessions(db: Db, dates: string[], opdId?: number): Promise<Map<number, PeriodTotals>> {
  if (!dates.length) return new Map();
  let q = db
    .selectFrom('sessions as s')
    .innerJoin('opds as o', 'o.id', 's.opd_id')
    .where('s.pledge_date', 'in', dates)
    .where('s.state', '=', 'submitted')
    .where('s.counted', '=', 1)
    .whereRef('o.active_from', '<=', 's.pledge_date')
    .where((eb) => eb.or([eb('o.active_to', 'is', null), eb('o.active_to', '>=', eb.ref('s.pledge_date'))]));
  if (opdId != null) q = q.where('s.opd_id', '=', opdId);
  const rows = await q
    .select((eb) => [
      's.opd_id',
      eb.fn.sum<number>(eb.case().when('s.late', '=', 0).then(1).else(0).end()).as('on_time'),
      eb.fn.sum<number>('s.count_tk').as('tk'),
      eb.fn.sum<number>(eb.case().when('s.held', '=', 1).then(eb.ref('s.compliant_count')).else(0).end()).as('compliant'),
      eb.fn
        .sum<number>(eb.case().when('s.held', '=', 1).then(eb('s.expected_count', '-', eb.ref('s.excused_count'))).else(0).end())
        .as('denominator'),
    ])
    .groupBy('s.opd_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.opd_id,
      { opd_id: r.opd_id, on_time: Number(r.on_time), tk: Number(r.tk), compliant: Number(r.compliant), denominator: Number(r.denominator) },
    ]),
  );
}

/** The last submitted pledge date before `before` of some OPDs (unique index opd_id, pledge_date). */
export async function findLastSubmitted(db: Db, opdIds: number[], before: string): Promise<Map<number, string>> {
  if (!opdIds.length) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .select(['opd_id', (eb) => eb.fn.max('pledge_date').as('last')])
    .where('opd_id', 'in', opdIds)
    .where('pledge_date', '<', before)
    .where('state', '=', 'submitted')
    .groupBy('opd_id')
    .execute();
  return new Map(rows.map((r) => [r.opd_id, String(r.last)]));
}
