import type { Db } from '../../db/connect';
import type { Status } from '../../db/database';
import { deadlineOf, type DeadlineRule, type HolidayMap } from '../../lib/calendar';
import { storeCompliantCounts, storeLate, storeSessionTotals } from '../sessions/session-figures.service';
import type { Settings } from '../settings/settings.defaults';
import { flagState } from './employee-stats';
import * as stats from './employee-stats.repository';
import * as repo from './rollup.repository';
import { sessionRate } from './rules';

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
  /** H and TL rows backed by a verified check-in (rollup.repository countVerifiedOf). */
  count_verified: number;
  rate: number | null;
}

export function emptyCounts(): StatusCounts {
  return { H: 0, HD: 0, TL: 0, DL: 0, S: 0, I: 0, C: 0, TB: 0, TK: 0 };
}

/*
 * docs/DESIGN.md, "Rates". Compliant: H, TL and (when virtual attendance counts) HD. Excused: DL, S, I,
 * C, TB. TB is also outside the denominator, as every excused status is, so
 * rate = compliant / (expected - excused), or null when nobody was left to attend.
 */
export function totalsFromCounts(c: StatusCounts, virtualCounts: boolean, verified = 0): SessionTotals {
  const expected = Object.values(c).reduce((a, b) => a + b, 0);
  const excused = c.DL + c.S + c.I + c.C + c.TB;
  const compliant = c.H + c.TL + (virtualCounts ? c.HD : 0);
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
    count_verified: verified,
    rate: sessionRate(compliant, expected, excused),
  };
}

/** Per-status counts of many sessions' attendance rows, in one grouped query. */
export async function countsBySession(db: Db, sessionIds: number[]): Promise<Map<number, StatusCounts>> {
  const out = new Map<number, StatusCounts>(sessionIds.map((id) => [id, emptyCounts()]));
  if (!sessionIds.length) return out;
  for (const r of await repo.countStatusesOf(db, sessionIds)) {
    const counts = out.get(r.session_id);
    if (counts && r.status in counts) counts[r.status as Status] = Number(r.n);
  }
  return out;
}

/** Verified H/TL rows of many sessions, in one grouped query (0 where none). */
export async function verifiedBySession(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(sessionIds.map((id) => [id, 0]));
  if (!sessionIds.length) return out;
  for (const r of await repo.countVerifiedOf(db, sessionIds)) out.set(r.session_id, Number(r.n));
  return out;
}

/** Recomputes one session's totals from its attendance rows; call inside the writing transaction. */
export async function refreshSessionTotals(db: Db, sessionId: number, virtualCounts: boolean): Promise<SessionTotals> {
  const counts = (await countsBySession(db, [sessionId])).get(sessionId)!;
  const verified = (await verifiedBySession(db, [sessionId])).get(sessionId)!;
  const totals = totalsFromCounts(counts, virtualCounts, verified);
  await storeSessionTotals(db, sessionId, totals);
  return totals;
}

/**
 * After the "virtual attendance counts" setting changes, every stored compliant count and rate
 * means something else: recompute them from the per-status counts (no attendance scan).
 */
export async function recomputeCompliance(db: Db, virtualCounts: boolean): Promise<void> {
  await storeCompliantCounts(db, virtualCounts ? ['count_h', 'count_tl', 'count_hd'] : ['count_h', 'count_tl']);
}

/**
 * After the deadline rule changes, "late" follows the new rule for every submitted session.
 * `holidays` must cover the stored pledge dates and the working days after them.
 */
export async function recomputeLate(db: Db, rule: DeadlineRule, zone: string, holidays: HolidayMap): Promise<number> {
  const rows = await repo.findSubmittedForLate(db);
  const toLate: number[] = [];
  const toOnTime: number[] = [];
  for (const r of rows) {
    const late = r.submitted_at != null && r.submitted_at > deadlineOf(r.pledge_date, rule, zone, holidays) ? 1 : 0;
    if (late !== Number(r.late)) (late ? toLate : toOnTime).push(r.id);
  }
  for (const [ids, late] of [[toLate, 1], [toOnTime, 0]] as const) await storeLate(db, ids, late);
  return toLate.length + toOnTime.length;
}

type FlagColumns = ReturnType<typeof flagState>;

/**
 * Recomputes the flag columns (step, covered, open) of stored employee-years, e.g. after a
 * ladder changes or a follow-up is recorded, without touching attendance. Fills the unit of
 * rows written without one (the demo seed inserts figures directly).
 */
export async function refreshFlagState(
  db: Db,
  settings: Pick<Settings, 'ladder_pns' | 'ladder_pppk'>,
  only: { year?: number; employeeIds?: number[] } = {},
): Promise<void> {
  await stats.fillMissingUnits(db);
  const rows = await stats.findFlagCandidates(db, only);
  const groups = new Map<string, { year: number; set: FlagColumns; ids: number[] }>();
  for (const year of new Set(rows.map((r) => r.year))) {
    const ofYear = rows.filter((r) => r.year === year);
    for (let i = 0; i < ofYear.length; i += 500) {
      const chunk = ofYear.slice(i, i + 500);
      const ids = chunk.map((r) => r.employee_id);
      const cats = await stats.categories(db, ids);
      const covered = await stats.coveredCounts(db, ids, year);
      for (const r of chunk) {
        const next = flagState(cats.get(r.employee_id) ?? 'PNS', r, covered.get(r.employee_id) ?? 0, settings);
        if (next.step === r.step && next.covered === Number(r.covered) && next.open_flag === Number(r.open_flag)) continue;
        const key = `${year}|${next.step}|${next.covered}|${next.open_flag}`;
        const group = groups.get(key) ?? groups.set(key, { year, set: next, ids: [] }).get(key)!;
        group.ids.push(r.employee_id);
      }
    }
  }
  for (const g of groups.values()) await stats.setFlagState(db, g.year, g.ids, g.set);
}
