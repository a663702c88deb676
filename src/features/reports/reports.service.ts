import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { Category, OpdPeriod } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { addDays, localToday, pledgeDatesBetween, type HolidayMap } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { authorize, unitScope } from '../../policy';
import { countedEvents, expectedDatesOf, type CountedEvent } from '../compliance/expected-dates';
import { makeContext } from '../compliance/weeks';
import { findEvents } from '../events/events.repository';
import { loadHolidayMap } from '../holidays/holidays.service';
import { findOpdByCode, findOpdById } from '../opds/opds.repository';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import { assembleRows, type EmployeeReportRow } from './employee-rows';
import { summarizeUnit, sumUnits, type UnitSummary } from './monthly-summary';
import { loadMonthFacts, loadYearStanding } from './bulk-reads';
import {
  findAllOpds,
  findAttendanceOf,
  findEmployeeKey,
  findEmployeePage,
  findMonthSessions,
  type EmployeeFilter,
  type ReportEmployee,
} from './reports.queries';
import type { MonthlyQuery } from './reports.schema';

export interface MonthlyScope {
  month: string;
  from: string;
  to: string;
  year: number;
  /** The one unit reported on, or null for every unit. */
  opd: OpdPeriod | null;
  category: Category | null;
}

export interface MonthlyReport {
  scope: MonthlyScope;
  settings: Settings;
  zone: string;
  today: string;
  generatedAt: string;
  holidays: HolidayMap;
  /** Pledge dates of the month (future ones included; they are not expected yet). */
  dates: string[];
  /** Events of a counted kind in the month: their expected units owe them like a pledge date. */
  events: CountedEvent[];
  /** Every event of the month in scope, counted or not, for the report's events section. */
  monthEvents: { id: number; title: string; date: string; kind: string; counted: boolean }[];
  units: UnitSummary[];
  totals: UnitSummary;
  /** Every unit by id, for names in the employee part. */
  opds: Map<number, OpdPeriod>;
}

/**
 * The month a report opens on: the recap is due by the 5th, so until then HR still works on
 * the month that just ended; from the 6th on, the current month.
 */
export function defaultMonth(zone: string): string {
  const now = DateTime.now().setZone(zone);
  return (now.day < 6 ? now.minus({ months: 1 }) : now).toFormat('yyyy-MM');
}

export function monthRange(month: string): { from: string; to: string } {
  const start = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
  return { from: start.toFormat('yyyy-MM-dd'), to: start.endOf('month').toFormat('yyyy-MM-dd') };
}

/**
 * Who sees what: sekda, hr and admin any unit or all; an opd user only its own unit, whatever
 * `opd=` says (another unit's code is a 404, docs/DESIGN.md, "Roles and the policy").
 */
export async function resolveScope(db: Db, user: CurrentUser, q: MonthlyQuery, zone: string): Promise<MonthlyScope> {
  const month = q.month ?? defaultMonth(zone);
  if (month > localToday(zone).slice(0, 7)) throw new ValidationError({ month: 'reports.errors.future_month' });
  const units = unitScope(user, 'reports.read');
  let opd: OpdPeriod | null = null;
  if (q.opd) {
    opd = (await findOpdByCode(db, q.opd)) ?? null;
    if (!opd) throw new NotFoundError();
    authorize(user, 'reports.read', { opdId: opd.id });
  } else if (units.kind === 'units') {
    // Someone who sees one unit gets that unit's report; without one there is nothing to show.
    opd = units.ids.length === 1 ? ((await findOpdById(db, units.ids[0])) ?? null) : null;
    if (!opd) throw new NotFoundError();
  }
  const { from, to } = monthRange(month);
  return { month, from, to, year: Number(month.slice(0, 4)), opd, category: q.category ?? null };
}

/** The unit part of the report: a handful of small queries over the session rollups. */
export async function buildMonthlyReport(db: Db, zone: string, scope: MonthlyScope): Promise<MonthlyReport> {
  const settings = await getSettings(db);
  // Deadlines count working days after the pledge date, so the holidays reach past the month.
  const holidays = await loadHolidayMap(db, scope.from, addDays(scope.to, 21));
  // Mondays before the Pemda started using Ikrar were never logged here (start_date setting).
  const dates = pledgeDatesBetween(scope.from, scope.to, holidays, settings.holiday_policy).filter((d) => d >= settings.start_date);
  const all = await findAllOpds(db);
  const sessions = await findMonthSessions(db, scope.from, scope.to, scope.opd?.id ?? null);
  const events = await countedEvents(db, scope.from, scope.to, settings);
  const monthEvents = (await findEvents(db, { from: scope.from, to: scope.to, opdId: scope.opd?.id }))
    .reverse()
    .map((e) => ({ id: e.id, title: e.title, date: e.date, kind: e.kind, counted: settings.event_kinds_counted.includes(e.kind) }));
  const withSessions = new Set(sessions.map((s) => s.opd_id));
  const inMonth = (o: OpdPeriod) => o.active_from <= scope.to && (o.active_to === null || o.active_to >= scope.from);
  const listed = scope.opd ? [scope.opd] : all.filter((o) => inMonth(o) || withSessions.has(o.id));
  const today = localToday(zone);
  const generatedAt = nowIso();
  const ctx = makeContext(settings, zone, generatedAt, holidays, sessions);
  const units = listed.map((o) => summarizeUnit(o, expectedDatesOf({ pledgeDates: dates, events }, o), today, ctx));
  return {
    scope,
    settings,
    zone,
    today,
    generatedAt,
    holidays,
    dates,
    events,
    monthEvents,
    units,
    totals: sumUnits(units),
    opds: new Map(all.map((o) => [o.id, o])),
  };
}

function filterOf(report: MonthlyReport, opdId: number | null): EmployeeFilter & { year: number } {
  const { from, to, category, year } = report.scope;
  return { from, to, opdId, category, year };
}

async function detailRows(db: Db, report: MonthlyReport, f: EmployeeFilter, people: ReportEmployee[]) {
  const facts = await findAttendanceOf(db, people.map((p) => p.id), f);
  return assembleRows(people, facts, report.opds, report.settings);
}

export interface EmployeePage {
  rows: EmployeeReportRow[];
  /** Cursor for the previous page (`before=`), or null on the first page. */
  before: number | null;
  /** Cursor for the next page (`after=`), or null on the last page. */
  after: number | null;
}

/** One screen of the employee part, keyset-paged on (name, id) so page 1,000 costs as page 1. */
export async function employeePage(
  db: Db,
  report: MonthlyReport,
  cursor: { after?: number; before?: number },
  limit: number,
): Promise<EmployeePage> {
  const f = filterOf(report, report.scope.opd?.id ?? null);
  const backwards = cursor.before != null;
  const cursorId = cursor.before ?? cursor.after;
  // An unknown cursor (a deleted employee, an edited URL) starts again from the first page.
  const key = cursorId != null ? await findEmployeeKey(db, cursorId) : undefined;
  const keyset = key ? (backwards ? { before: key } : { after: key }) : {};
  let people = await findEmployeePage(db, f, keyset, limit + 1);
  const more = people.length > limit;
  people = people.slice(0, limit);
  if (backwards && key) people.reverse();
  const rows = await detailRows(db, report, f, people);
  const first = people[0]?.id ?? null;
  const last = people[people.length - 1]?.id ?? null;
  const hasPrev = backwards && key ? more : Boolean(key);
  const hasNext = backwards && key ? true : more;
  return { rows, before: hasPrev ? first : null, after: hasNext ? last : null };
}

/**
 * Every employee row of the report (or of one unit of it) in batches, for the downloads:
 * a keyset walk, so memory stays at one batch whatever the size of the Pemda.
 */
export async function* employeeBatches(
  db: Db,
  report: MonthlyReport,
  opdId: number | null,
  size = 1000,
): AsyncGenerator<EmployeeReportRow[]> {
  const f = filterOf(report, opdId);
  const facts = await loadMonthFacts(db, f);
  // One unit's people come with their standing by a join; the whole Pemda's from one pass.
  const standing = opdId == null ? await loadYearStanding(db, f.year) : null;
  let after: ReportEmployee | undefined;
  for (;;) {
    let people = await findEmployeePage(db, f, after ? { after } : {}, size, { probe: false, stats: !standing });
    if (!people.length) return;
    if (standing) people = people.map((p) => standing.fill(p));
    const mine = facts.of(people.map((p) => p.id));
    const rows = assembleRows(people, mine, report.opds, report.settings).filter((r) => r.sessions > 0);
    if (rows.length) yield rows;
    if (people.length < size) return;
    after = people[people.length - 1];
  }
}
