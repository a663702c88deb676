import type { Db } from '../../db/connect';
import { STATUSES, type Status } from '../../db/database';
import {
  findAttendanceOfSessions,
  findSubmittedSessions,
  findMaxEmployeeId,
  findYearStats,
  type AttendanceFact,
  type EmployeeFilter,
  type ReportEmployee,
} from './reports.queries';

/*
 * What the downloads read in one pass instead of per person: a province's report walks 63,000
 * people, and a lookup per person (their month's rows, their year's standing) cost more than
 * everything else in the download (docs/BENCHMARKS.md).
 */

/** The submitted attendance of one month, grouped by employee, for the downloads. */
export interface MonthFacts {
  /** The facts of these employees, each one's in date order. */
  of(employeeIds: readonly number[]): AttendanceFact[];
}

// Sessions per read: a few tens of thousands of rows, whatever the size of the units.
const SESSIONS_PER_READ = 40;
// Employee ids per read of the year's standing.
const STANDING_IDS_PER_READ = 25_000;

/*
 * The downloads read a whole month's attendance once, session by session through the primary
 * key, instead of seeking every employee's rows in the (employee, date) index batch by batch:
 * half the database time of a province's report (docs/BENCHMARKS.md). The rows are packed into typed
 * arrays (16 bytes each with the grouping: 4 MB for a province's 240,000, 26 MB for a national
 * 1.6 million) and grouped by employee with a counting sort, which keeps each person's rows in
 * date order.
 */
export async function loadMonthFacts(db: Db, f: EmployeeFilter): Promise<MonthFacts> {
  const sessions = await findSubmittedSessions(db, f);
  const dates = [...new Set(sessions.map((s) => s.pledge_date))].sort();
  const dateOfSession = new Map(sessions.map((s) => [s.id, dates.indexOf(s.pledge_date)]));
  const statusIndex = new Map<string, number>(STATUSES.map((s, i) => [s, i]));
  const employee = new Int32Buffer();
  const opd = new Int32Buffer();
  const code = new Int32Buffer();
  for (let i = 0; i < sessions.length; i += SESSIONS_PER_READ) {
    const ids = sessions.slice(i, i + SESSIONS_PER_READ).map((s) => s.id);
    for (const r of await findAttendanceOfSessions(db, ids)) {
      employee.push(r.employee_id);
      opd.push(r.opd_id);
      code.push(dateOfSession.get(r.session_id)! * 16 + statusIndex.get(r.status)!);
    }
  }
  return packed(employee.view(), opd.view(), code.view(), dates);
}

/** A growing Int32Array: a national month's 1.6 million rows as plain arrays cost 5 times more. */
class Int32Buffer {
  private a = new Int32Array(1 << 16);
  private n = 0;
  push(v: number) {
    if (this.n === this.a.length) {
      const bigger = new Int32Array(this.a.length * 2);
      bigger.set(this.a);
      this.a = bigger;
    }
    this.a[this.n++] = v;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

function packed(employee: Int32Array, opd: Int32Array, code: Int32Array, dates: string[]): MonthFacts {
  const maxId = employee.reduce((m, e) => Math.max(m, e), 0);
  // start[id] .. start[id + 1] index `order` for employee id.
  const start = new Int32Array(maxId + 2);
  for (const e of employee) start[e + 1]++;
  for (let id = 1; id < start.length; id++) start[id] += start[id - 1];
  const next = start.slice();
  const order = new Int32Array(employee.length);
  // Rows arrive session by session in date order, so each person's slots fill in date order.
  for (let i = 0; i < employee.length; i++) order[next[employee[i]]++] = i;
  return {
    of(employeeIds) {
      const out: AttendanceFact[] = [];
      for (const id of employeeIds) {
        if (id < 0 || id > maxId) continue;
        for (let k = start[id]; k < start[id + 1]; k++) {
          const i = order[k];
          out.push({ employee_id: id, opd_id: opd[i], pledge_date: dates[code[i] >> 4], status: STATUSES[code[i] & 15] as Status });
        }
      }
      return out;
    },
  };
}

/** The year's standing of every employee, for a walk of the whole Pemda. */
export interface YearStanding {
  /** The person with the standing columns filled from the year's rollup. */
  fill(p: ReportEmployee): ReportEmployee;
}

export async function loadYearStanding(db: Db, year: number): Promise<YearStanding> {
  const maxId = await findMaxEmployeeId(db);
  // -1: no rollup row for that person this year.
  const tk = new Int32Array(maxId + 1).fill(-1);
  const streak = new Int32Array(maxId + 1);
  const open = new Uint8Array(maxId + 1);
  // Only people on a step of the ladder have one: a few hundred.
  const steps = new Map<number, string>();
  // By ranges of ids, so that a national year's 430,000 rows never sit in memory as objects.
  for (let from = 0; from <= maxId; from += STANDING_IDS_PER_READ) {
    for (const r of await findYearStats(db, year, from, from + STANDING_IDS_PER_READ)) {
      tk[r.employee_id] = Number(r.tk_count);
      streak[r.employee_id] = Number(r.tk_streak);
      open[r.employee_id] = Number(r.open_flag);
      if (r.step != null) steps.set(r.employee_id, r.step);
    }
  }
  return {
    fill(p) {
      if (p.id > maxId || tk[p.id] < 0) return { ...p, tk_count: null, tk_streak: null, step: null, open_flag: null };
      return { ...p, tk_count: tk[p.id], tk_streak: streak[p.id], step: steps.get(p.id) ?? null, open_flag: open[p.id] };
    },
  };
}
