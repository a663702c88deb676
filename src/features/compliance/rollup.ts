import type { Db } from '../../db/connect';
import type { SessionUpdate, Status } from '../../db/database';
import { nowIso } from '../../lib/clock';

/*
 * DESIGN §4-§5. Compliant: H, TL and (when virtual attendance counts) HD. Excused: DL, S, I,
 * C, TB. TB is also outside the denominator, as every excused status is, so
 * rate = compliant / (expected - excused), or null when nobody was left to attend.
 */
export const COMPLIANT: readonly Status[] = ['H', 'HD', 'TL'];
export const EXCUSED: readonly Status[] = ['DL', 'S', 'I', 'C', 'TB'];

export type StatusCounts = Record<Status, number>;

export interface SessionTotals {
  expected_count: number;
  excused_count: number;
  compliant_count: number;
  count_h: number;
  count_hd: number;
  count_tl: number;
  count_dl: number;
  count_s: number;
  count_i: number;
  count_c: number;
  count_tb: number;
  count_tk: number;
  rate: number | null;
}

export function emptyCounts(): StatusCounts {
  return { H: 0, HD: 0, TL: 0, DL: 0, S: 0, I: 0, C: 0, TB: 0, TK: 0 };
}

export function totalsFromCounts(c: StatusCounts, virtualCounts: boolean): SessionTotals {
  const expected = Object.values(c).reduce((a, b) => a + b, 0);
  const excused = c.DL + c.S + c.I + c.C + c.TB;
  const compliant = c.H + c.TL + (virtualCounts ? c.HD : 0);
  const denominator = expected - excused;
  return {
    expected_count: expected,
    excused_count: excused,
    compliant_count: compliant,
    count_h: c.H,
    count_hd: c.HD,
    count_tl: c.TL,
    count_dl: c.DL,
    count_s: c.S,
    count_i: c.I,
    count_c: c.C,
    count_tb: c.TB,
    count_tk: c.TK,
    rate: denominator > 0 ? compliant / denominator : null,
  };
}

/** Recomputes one session's totals from its attendance rows; call inside the writing transaction. */
export async function refreshSessionTotals(db: Db, sessionId: number, virtualCounts: boolean): Promise<SessionTotals> {
  const rows = await db
    .selectFrom('attendance')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('session_id', '=', sessionId)
    .groupBy('status')
    .execute();
  const counts = emptyCounts();
  for (const r of rows) if (r.status in counts) counts[r.status as Status] = Number(r.n);
  const totals = totalsFromCounts(counts, virtualCounts);
  const update: SessionUpdate = { ...totals };
  await db.updateTable('sessions').set(update).where('id', '=', sessionId).execute();
  return totals;
}

/**
 * Recomputes the TK count and streaks of some employees for one calendar year from
 * submitted sessions. The current streak counts back from the employee's latest submitted
 * pledge date in that year across earlier years too, since a run of absences does not stop
 * at New Year.
 */
export async function refreshEmployeeYearStats(db: Db, employeeIds: number[], year: number): Promise<void> {
  if (!employeeIds.length) return;
  const until = `${year}-12-31`;
  for (let i = 0; i < employeeIds.length; i += 500) {
    const chunk = employeeIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('attendance')
      .innerJoin('sessions', 'sessions.id', 'attendance.session_id')
      .select(['attendance.employee_id', 'attendance.pledge_date', 'attendance.status'])
      .where('attendance.employee_id', 'in', chunk)
      .where('sessions.state', '=', 'submitted')
      .where('attendance.pledge_date', '>=', `${year - 1}-01-01`)
      .where('attendance.pledge_date', '<=', until)
      .orderBy('attendance.employee_id')
      .orderBy('attendance.pledge_date')
      .execute();
    const byEmployee = new Map<number, { date: string; status: string }[]>();
    for (const id of chunk) byEmployee.set(id, []);
    for (const r of rows) byEmployee.get(r.employee_id)!.push({ date: r.pledge_date, status: r.status });
    const values = [...byEmployee].map(([employee_id, list]) => ({
      employee_id,
      year,
      ...statsOf(list, year),
      updated_at: nowIso(),
    }));
    await db
      .insertInto('employee_year_stats')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['employee_id', 'year']).doUpdateSet((eb) => ({
          tk_count: eb.ref('excluded.tk_count'),
          tk_streak: eb.ref('excluded.tk_streak'),
          max_streak: eb.ref('excluded.max_streak'),
          last_pledge_date: eb.ref('excluded.last_pledge_date'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Pure: TK count, current and longest streak for `year` from rows in date order. */
export function statsOf(rows: { date: string; status: string }[], year: number) {
  const prefix = String(year);
  let tk = 0;
  let streak = 0;
  let max = 0;
  let last: string | null = null;
  for (const r of rows) {
    streak = r.status === 'TK' ? streak + 1 : 0;
    if (!r.date.startsWith(prefix)) continue;
    if (r.status === 'TK') tk++;
    max = Math.max(max, streak);
    last = r.date;
  }
  return { tk_count: tk, tk_streak: last ? streak : 0, max_streak: max, last_pledge_date: last };
}

