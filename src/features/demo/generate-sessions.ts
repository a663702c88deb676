import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { NewAttendance, NewSession, Status } from '../../db/database';
import { addDays, deadlineOf } from '../../lib/calendar';
import { flagState } from '../compliance/employee-stats';
import { emptyCounts, totalsFromCounts } from '../compliance/rollup';
import { DEFAULT_SETTINGS } from '../settings/settings.defaults';
import { bulkInsert } from './bulk.repository';
import { sessionIdsOn } from './demo.repository';
import type { DemoEmployee } from './generate-master';
import type { Rng } from './random';

export interface SessionOptions {
  pledgeDates: string[];
  /** The current week's pledge date: left open for most units. */
  current: string | null;
  timezone: string;
  now: string;
  userOf: Map<number, number>;
  /** A pledge date whose weekly apel every unit held jointly in an event (generate-events.ts). */
  gabungan?: { id: number; date: string } | null;
}

/** Per employee, as dates go by: TK per year and the running streak (submitted sessions; unlogged weeks break it). */
interface Stat {
  category: string;
  streak: number;
  years: Map<number, { tk: number; streak: number; max: number; last: string; opd: number }>;
}

const NEVER_LOGS = 'KESBANGPOL';
const OFTEN_LATE = 'BAPENDA';
const NOT_HELD = 'BPBD';
const OPEN_THIS_WEEK = 'DISKOMINFO';

/** Units whose discipline is poor, so the heatmap and the league table have something to show. */
const SLACK: Record<string, number> = { DISHUB: 0.06, SATPOLPP: 0.1, 'KEC-BARAT': 0.2, DISPORA: 0.04 };

function status(r: Rng, offender: boolean, slack: number): Status {
  if (offender && r.chance(0.35)) return 'TK';
  if (slack && r.chance(slack)) return 'TK';
  const x = r.next();
  if (x < 0.86) return 'H';
  if (x < 0.9) return 'TL';
  if (x < 0.91) return 'HD';
  if (x < 0.935) return 'DL';
  if (x < 0.95) return 'S';
  if (x < 0.962) return 'I';
  if (x < 0.978) return 'C';
  if (x < 0.981) return 'TB';
  return r.chance(0.25) ? 'TK' : 'H';
}

function at(date: string, zone: string, hours: number): string {
  return DateTime.fromISO(date, { zone }).set({ hour: 7, minute: 45 }).plus({ minutes: Math.round(hours * 60) }).toUTC().toISO()!;
}

/** The unit with the most people expected on `date`: its roll-call is the one worth showing open. */
function largestUnit(byOpd: Map<number, DemoEmployee[]>): number | null {
  let best: number | null = null;
  for (const [id, list] of byOpd) if (best === null || list.length > byOpd.get(best)!.length) best = id;
  return best;
}

/*
 * When this week's sessions were submitted: after the apel and never after "now" (a demo seeded
 * on Monday at 09:00 has nothing stamped at 15:00). Null: too early for anyone to have submitted.
 */
function submittedThisWeek(r: Rng, date: string, opts: SessionOptions): string | null {
  const apel = DateTime.fromISO(at(date, opts.timezone, 0));
  const latest = DateTime.min(DateTime.fromISO(opts.now), apel.plus({ hours: 20 }));
  if (latest <= apel) return null;
  return apel.plus({ milliseconds: Math.floor(r.next() * latest.diff(apel).toMillis()) }).toUTC().toISO()!;
}

/** Employees expected in a unit on a date: its assignment then, and a category that must attend. */
function expectedOn(employees: DemoEmployee[], date: string): Map<number, DemoEmployee[]> {
  const required = new Set(DEFAULT_SETTINGS.categories_required);
  const byOpd = new Map<number, DemoEmployee[]>();
  for (const e of employees) {
    if (!required.has(e.category)) continue;
    const opd = e.transfer && date >= e.transfer.on ? e.transfer.toOpdId : e.opdId;
    const list = byOpd.get(opd) ?? byOpd.set(opd, []).get(opd)!;
    list.push(e);
  }
  return byOpd;
}

export async function generateSessions(db: Db, r: Rng, opds: { id: number; code: string; name: string }[], employees: DemoEmployee[], opts: SessionOptions) {
  const offenders = new Set(employees.filter(() => r.chance(0.004)).map((e) => e.id));
  const stats = new Map<number, Stat>();
  const category = new Map(employees.map((e) => [e.id, e.category as string]));
  let attendanceRows = 0;
  let sessionCount = 0;
  const notHeldDate = opts.pledgeDates[Math.max(0, opts.pledgeDates.length - 5)];

  for (const date of opts.pledgeDates) {
    const isCurrent = date === opts.current;
    const deadline = deadlineOf(date, DEFAULT_SETTINGS, opts.timezone);
    const byOpd = expectedOn(employees, date);
    const largest = isCurrent ? largestUnit(byOpd) : null;
    const day: DaySession[] = [];
    for (const opd of opds) {
      const unlogged =
        opd.code === NEVER_LOGS ||
        (isCurrent && opd.id !== largest && (opd.code === OPEN_THIS_WEEK || r.chance(0.45))) ||
        (!isCurrent && r.chance(0.015)); // an occasional week nobody logged
      if (unlogged) {
        breakStreaks(stats, byOpd.get(opd.id) ?? []);
        continue;
      }
      const thisWeek = isCurrent ? submittedThisWeek(r, date, opts) : null;
      // This week the largest unit is still at work on its roll-call: a draft, open to edit.
      const draft = isCurrent && (opd.id === largest || thisWeek === null || r.chance(0.2));
      const notHeld = opd.code === NOT_HELD && date === notHeldDate;
      const late = !draft && !isCurrent && (opd.code === OFTEN_LATE ? r.chance(0.6) : r.chance(0.06));
      const stamp = draft ? null : isCurrent ? thisWeek : late ? at(addDays(date, 2), opts.timezone, r.int(1, 30)) : at(date, opts.timezone, r.next() * 20);
      const submittedAt = stamp && stamp > opts.now ? opts.now : stamp;
      const people = notHeld ? [] : (byOpd.get(opd.id) ?? []);
      const joint = opts.gabungan?.date === date;
      const counts = emptyCounts();
      const rows: NewAttendance[] = people.map((e) => {
        const s = status(r, offenders.has(e.id), SLACK[opd.code] ?? 0);
        counts[s]++;
        return { session_id: 0, employee_id: e.id, opd_id: opd.id, pledge_date: date, status: s, cuti_type: s === 'C' ? 'tahunan' : null, note: null, planned_absence_id: null };
      });
      // Drawn whatever the date, so the joint apel leaves the rest of the random demo as it was.
      const gabungan = !notHeld && r.chance(0.1);
      const user = opts.userOf.get(opd.id) ?? null;
      day.push({
        draft,
        rows,
        session: {
          opd_id: opd.id,
          pledge_date: date,
          state: draft ? 'draft' : 'submitted',
          held: notHeld ? 0 : 1,
          not_held_kind: notHeld ? 'cuaca_bencana' : null,
          not_held_reason: notHeld ? 'Hujan lebat dan banjir di halaman kantor; apel ditiadakan.' : null,
          mode: notHeld ? null : gabungan || joint ? 'gabungan' : 'langsung',
          event_id: joint ? opts.gabungan!.id : null,
          start_time: notHeld ? null : DEFAULT_SETTINGS.apel_start_time,
          pembina: notHeld ? null : `Kepala ${opd.name}`,
          ikrar_reader: people.length ? r.pick(people).name : null,
          ikrar_version: '2024',
          location: notHeld ? null : `Halaman kantor ${opd.name}`,
          submitted_by: submittedAt ? user : null,
          submitted_at: submittedAt,
          late: submittedAt && submittedAt > deadline ? 1 : 0,
          ...totalsFromCounts(counts, DEFAULT_SETTINGS.virtual_counts),
          created_by: user,
          created_at: submittedAt ?? opts.now,
          updated_by: user,
          updated_at: submittedAt ?? opts.now,
        },
      });
    }
    await writeDay(db, date, day);
    for (const { session, rows, draft } of day) {
      attendanceRows += rows.length;
      sessionCount++;
      if (draft) breakStreaks(stats, byOpd.get(session.opd_id) ?? []);
      else for (const row of rows) track(stats, category.get(row.employee_id)!, row, session.opd_id);
    }
  }
  await writeStats(db, stats, opts.now);
  return { sessions: sessionCount, attendanceRows };
}

export interface DaySession {
  session: NewSession;
  rows: NewAttendance[];
  draft: boolean;
}

/**
 * One pledge date's sessions and roll-calls in three statements, the session ids read back by
 * unit: a statement per unit cost as much as the rows on PostgreSQL (docs/BENCHMARKS.md).
 */
export async function writeDay(db: Db, date: string, day: DaySession[]) {
  if (!day.length) return;
  await bulkInsert(db, 'sessions', day.map((d) => d.session));
  const idOf = await sessionIdsOn(db, date);
  for (const d of day) for (const row of d.rows) row.session_id = idOf.get(d.session.opd_id)!;
  await bulkInsert(db, 'attendance', day.flatMap((d) => d.rows));
}

/** The same figures as refreshEmployeeYearStats, computed as the dates go by instead of re-read. */
function track(stats: Map<number, Stat>, category: string, row: NewAttendance, opdId: number) {
  const { employee_id: id, pledge_date: date, status: s } = row;
  const st = stats.get(id) ?? stats.set(id, { category, streak: 0, years: new Map() }).get(id)!;
  st.streak = s === 'TK' ? st.streak + 1 : 0;
  const year = Number(date.slice(0, 4));
  const y = st.years.get(year) ?? st.years.set(year, { tk: 0, streak: 0, max: 0, last: date, opd: opdId }).get(year)!;
  if (s === 'TK') y.tk++;
  y.streak = st.streak;
  y.max = Math.max(y.max, st.streak);
  y.last = date;
  y.opd = opdId;
}

/** A week the unit did not log breaks the streak of everyone who would have been on its roll-call. */
function breakStreaks(stats: Map<number, Stat>, people: DemoEmployee[]) {
  for (const e of people) {
    const st = stats.get(e.id);
    if (st) st.streak = 0;
  }
}

async function writeStats(db: Db, stats: Map<number, Stat>, now: string) {
  const rows = [...stats].flatMap(([employee_id, st]) =>
    [...st.years].map(([year, y]) => ({
      employee_id,
      year,
      tk_count: y.tk,
      tk_streak: y.streak,
      max_streak: y.max,
      last_pledge_date: y.last,
      opd_id: y.opd,
      ...flagState(st.category, { tk_count: y.tk, max_streak: y.max }, 0, DEFAULT_SETTINGS),
      updated_at: now,
    })),
  );
  await bulkInsert(db, 'employee_year_stats', rows);
}
