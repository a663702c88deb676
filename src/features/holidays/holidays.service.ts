import type { Db } from '../../db/connect';
import type { Holiday } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { NotFoundError } from '../../http/errors';
import { addDays, mondayOf, type HolidayMap } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { findEntityIdsWith } from '../audit/audit.repository';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { refreshStreaks } from '../compliance/employee-stats';
import { refreshCounted } from '../events/counted';
import { recomputeLate } from '../compliance/rollup';
import { sessionDateRange } from '../compliance/rollup.repository';
import { getSettings } from '../settings/settings.repository';
import { suggestedHolidays } from './date-holidays';
import {
  deleteHoliday as deleteRow,
  findHoliday,
  findHolidayByDate,
  findHolidayDatesBetween,
  findHolidaysBetween,
  insertMissingHolidays,
  updateHoliday as updateRow,
} from './holidays.repository';
import type { HolidayInput } from './holidays.schema';
import { OFFICIAL_HOLIDAYS, OFFICIAL_YEARS } from './official';

export const PREFILL_SOURCE = 'date-holidays (perlu verifikasi)';
/** Audit marker: the official list of a year was loaded once, so deletions are not undone. */
const OFFICIAL_MARKER = { entity: 'holiday_calendar', action: 'official_loaded' };

/**
 * The holidays with from <= date <= to as a map for the calendar functions. Everything that
 * decides which sessions are expected reads the holiday table through this, so a holiday
 * added, moved or deleted changes the expected sessions at once. The range is widened to whole
 * ISO weeks (Monday of `from` to Sunday of `to`), because under the 'next_working_day' policy a
 * week's pledge date depends on the days after its Monday.
 */
export async function loadHolidayMap(db: Db, from: string, to: string): Promise<HolidayMap> {
  const rows = await findHolidayDatesBetween(db, mondayOf(from), addDays(mondayOf(to), 6));
  return new Map(rows.map((r) => [r.date, r.kind]));
}

export function holidaysOfYear(db: Db, year: number): Promise<Holiday[]> {
  return findHolidaysBetween(db, `${year}-01-01`, `${year}-12-31`);
}

export async function getHoliday(db: Db, id: number): Promise<Holiday> {
  const row = await findHoliday(db, id);
  if (!row) throw new NotFoundError();
  return row;
}

const dateTaken = () => new ValidationError({ date: 'holidays.errors.date_taken' });

/**
 * Deadlines count working days (lib/calendar), so a holiday added, moved or removed can move
 * the deadline of a session already submitted: its stored "late" mark is decided again, in the
 * same transaction, with the whole calendar. A holiday also decides whether a unit owed a
 * session that week, and an owed week it did not log breaks a TK streak: the streaks of the
 * holidays' years are refreshed too. An event on a day that becomes (or stops being) a pledge
 * date is then (or no longer) a unit's weekly apel, which decides whether its roll-call counts.
 */
async function calendarChanged(trx: Db, actor: AuditActor, zone: string, dates: string[]): Promise<void> {
  await refreshCounted(trx);
  await refreshStreaks(trx, dates.map((d) => Number(d.slice(0, 4))));
  const range = await sessionDateRange(trx);
  if (!range) return;
  const holidays = await loadHolidayMap(trx, range.from, addDays(range.to, 31));
  const changed = await recomputeLate(trx, await getSettings(trx), zone, holidays);
  if (changed) await writeAudit(trx, actor, { entity: 'holiday_calendar', entityId: 'late', action: 'recompute', after: { late_changed: changed } });
}

export async function createHoliday(db: Db, actor: AuditActor, input: HolidayInput, zone: string): Promise<Holiday> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    // ON CONFLICT DO NOTHING: a concurrent insert of the same date is a 422, not a 500.
    const [row] = await insertMissingHolidays(trx, [{ ...input, created_at: now, updated_at: now }]);
    if (!row) throw dateTaken();
    await writeAudit(trx, actor, { entity: 'holiday', entityId: row.id, action: 'create', after: row });
    await calendarChanged(trx, actor, zone, [row.date]);
    return row;
  });
}

export async function updateHoliday(db: Db, actor: AuditActor, id: number, input: HolidayInput, zone: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getHoliday(trx, id);
    const other = await findHolidayByDate(trx, input.date);
    if (other && other.id !== id) throw dateTaken();
    const after = { ...input, updated_at: nowIso() };
    await updateRow(trx, id, after);
    await writeAudit(trx, actor, { entity: 'holiday', entityId: id, action: 'update', before, after: { ...before, ...after } });
    await calendarChanged(trx, actor, zone, [before.date, input.date]);
  });
}

export async function deleteHoliday(db: Db, actor: AuditActor, id: number, zone: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getHoliday(trx, id);
    await deleteRow(trx, id);
    await writeAudit(trx, actor, { entity: 'holiday', entityId: id, action: 'delete', before });
    await calendarChanged(trx, actor, zone, [before.date]);
  });
}

async function insertAudited(
  db: Db,
  actor: AuditActor,
  rows: Omit<Holiday, 'id' | 'created_at' | 'updated_at'>[],
  zone: string,
): Promise<number> {
  const now = nowIso();
  const inserted = await insertMissingHolidays(db, rows.map((r) => ({ ...r, created_at: now, updated_at: now })));
  for (const row of inserted) await writeAudit(db, actor, { entity: 'holiday', entityId: row.id, action: 'create', after: row });
  if (inserted.length) await calendarChanged(db, actor, zone, inserted.map((r) => r.date));
  return inserted.length;
}

/**
 * "Pre-fill from date-holidays" for a year without an official list: inserts the package's
 * public holidays on dates still free, marked for review. Returns how many were added.
 */
export async function prefillYear(db: Db, actor: AuditActor, year: number, zone: string): Promise<number> {
  if (OFFICIAL_YEARS.includes(year)) throw new ValidationError({ year: 'holidays.errors.official_year' });
  const rows = suggestedHolidays(year).map((s) => ({
    date: s.date,
    name: s.name,
    kind: 'libur_nasional',
    source: PREFILL_SOURCE,
    needs_review: 1,
  }));
  return db.transaction().execute((trx) => insertAudited(trx, actor, rows, zone));
}

function officialRows(year: number) {
  return (OFFICIAL_HOLIDAYS[year] ?? []).map((h) => ({ ...h, needs_review: 0 }));
}

/** The official dates of a year that are not on the calendar (for the "load" button). */
export async function missingOfficial(db: Db, year: number): Promise<number> {
  const present = new Set((await holidaysOfYear(db, year)).map((h) => h.date));
  return officialRows(year).filter((h) => !present.has(h.date)).length;
}

/** Adds the official holidays of a year that are missing (an admin's explicit request). */
export async function loadOfficialYear(db: Db, actor: AuditActor, year: number, zone: string): Promise<number> {
  if (!OFFICIAL_YEARS.includes(year)) throw new NotFoundError();
  return db.transaction().execute((trx) => insertAudited(trx, actor, officialRows(year), zone));
}

/**
 * Gives every instance, production included, the official lists the release ships: for each
 * year not loaded before, inserts the official holidays whose date is still free. A year is
 * loaded once (an audit row marks it), so a holiday hr deleted on purpose does not come back at
 * the next start, while a release that adds a year's list applies it at its first start.
 * Idempotent; safe when several instances start together (ON CONFLICT DO NOTHING). Call it at
 * server start, after the demo seed. Returns the years loaded now.
 */
export async function ensureOfficialHolidays(db: Db, zone: string, actor: AuditActor = { system: 'startup' }): Promise<number[]> {
  const done = new Set((await findEntityIdsWith(db, OFFICIAL_MARKER.entity, OFFICIAL_MARKER.action)).map(Number));
  const years = OFFICIAL_YEARS.filter((y) => !done.has(y));
  for (const year of years) {
    await db.transaction().execute(async (trx) => {
      const inserted = await insertAudited(trx, actor, officialRows(year), zone);
      await writeAudit(trx, actor, { ...OFFICIAL_MARKER, entityId: year, after: { inserted } });
    });
  }
  return years;
}
