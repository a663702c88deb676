import type { Db } from '../../db/connect';
import { addDays, deadlineOf, localToday } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { paging, type Page } from '../../lib/paging';
import { employeeHistory, type EmployeeHistory, type EmployeeHistoryRow } from '../compliance/employee-history';
import { loadHolidayMap } from '../holidays/holidays.service';
import { findRequestsOfEmployee } from '../requests/requests.repository';
import { sessionState, type SessionState } from '../sessions/session-state';
import { findSessionsAt } from '../sessions/sessions.repository';
import { getSettings } from '../settings/settings.repository';

/** Pledge dates per page: a phone screen or two. */
export const ME_PAGE_SIZE = 12;
/** The latest requests shown; older ones are decided and on the record as planned absences. */
const REQUESTS_SHOWN = 20;

export type MyRow = EmployeeHistoryRow & { unitState: SessionState };

export interface MyPage {
  history: EmployeeHistory;
  rows: MyRow[];
  page: Page;
  requests: Awaited<ReturnType<typeof findRequestsOfEmployee>>;
}

/**
 * An employee's own year (docs/DESIGN.md, "Reports and exports"): every pledge date, newest
 * first and paged, with their status and the state of the unit's roll-call that day (belum
 * diisi, draf, terkirim, terlambat, terkunci), so "not logged yet" is told apart from "the unit
 * has not filed". The flag, follow-ups and planned absences come from the same history read as
 * the employee page; the requests are theirs.
 */
export async function myPage(db: Db, employeeId: number, year: number, requestedPage: number, zone: string): Promise<MyPage> {
  const settings = await getSettings(db);
  const history = await employeeHistory(db, employeeId, year, { settings, timezone: zone });
  const page = paging(history.rows.length, ME_PAGE_SIZE, requestedPage);
  const shown = history.rows.slice(page.offset, page.offset + page.size);
  const sessions = await findSessionsAt(db, shown.map((r) => ({ opdCode: r.opd_code, date: r.pledge_date })));
  const byKey = new Map(sessions.map((s) => [`${s.opd_code}|${s.pledge_date}`, s]));
  const holidays = await loadHolidayMap(db, `${year}-01-01`, addDays(`${year}-12-31`, 40));
  const now = nowIso();
  const rows = shown.map((r) => ({
    ...r,
    unitState: sessionState(byKey.get(`${r.opd_code}|${r.pledge_date}`), deadlineOf(r.pledge_date, settings, zone, holidays), now).state,
  }));
  return { history, rows, page, requests: await findRequestsOfEmployee(db, employeeId, REQUESTS_SHOWN) };
}

/** The year asked for when it is one the employee has, else this year. */
export function yearOf(value: unknown, zone: string): number {
  const current = Number(localToday(zone).slice(0, 4));
  const n = Number(value);
  return Number.isInteger(n) && n >= 2000 && n <= current ? n : current;
}
