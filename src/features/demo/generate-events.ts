import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { NewAttendance, NewSession, Status } from '../../db/database';
import { addDays, deadlineOf, isMonday, isWorkingDay, type HolidayMap } from '../../lib/calendar';
import { emptyCounts, totalsFromCounts } from '../compliance/rollup';
import { DEFAULT_SETTINGS } from '../settings/settings.defaults';
import { insertDemoEvent } from './demo.repository';
import type { DemoEmployee } from './generate-master';
import { writeDay, type DaySession } from './generate-sessions';
import type { Rng } from './random';

/*
 * The demo's events (docs/DESIGN.md, "Employees, check-in and events"): a past apel gabungan of
 * every unit on a pledge date (each unit's weekly apel held jointly in it, so its sessions carry
 * the event), and a ceremony on a working day that is not a Monday (Hari Kesadaran Nasional on
 * the 17th when the period has a weekday 17th, else a regency anniversary on a Wednesday) for a
 * few units, with their roll-calls. The ceremony's kind is not counted by default, so its
 * roll-calls show on the event's page and change no compliance figure.
 */
export interface DemoEvents {
  gabungan: { id: number; date: string } | null;
}

const CEREMONY_UNITS = ['DISKOMINFO', 'BKD', 'INSPEKTORAT', 'SETDA', 'BAPPEDA', 'KESBANGPOL'];

/** The latest weekday 17th after `from` and before `today`, not a Monday or a holiday. */
function hariKesadaran(from: string, today: string, holidays: HolidayMap): string | null {
  for (let d = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 1 }); d.toISODate()! > from; d = d.minus({ days: 1 })) {
    const date = d.toISODate()!;
    if (d.day === 17 && !isMonday(date) && isWorkingDay(date, holidays)) return date;
  }
  return null;
}

export async function createDemoEvents(db: Db, pledgeDates: string[], now: string): Promise<DemoEvents> {
  if (pledgeDates.length < 4) return { gabungan: null };
  const date = pledgeDates[pledgeDates.length - 3];
  const base = { start_time: DEFAULT_SETTINGS.apel_start_time, check_in: 0, created_by: null, created_at: now, updated_at: now, notes: null };
  const id = await insertDemoEvent(db, { ...base, kind: 'apel_gabungan', title: 'Apel Gabungan ASN Pemerintah Daerah', date, place: 'Halaman Kantor Bupati', mode: 'gabungan', all_units: 1 }, []);
  return { gabungan: { id, date } };
}

/** The ceremony and its roll-calls (KESBANGPOL, which never logs, did not log it either). Returns the rows written. */
export async function generateCeremony(
  db: Db,
  r: Rng,
  opds: { id: number; code: string; name: string }[],
  employees: DemoEmployee[],
  o: { pledgeDates: string[]; today: string; holidays: HolidayMap; timezone: string; now: string; userOf: Map<number, number> },
): Promise<{ sessions: number; attendanceRows: number }> {
  if (o.pledgeDates.length < 3) return { sessions: 0, attendanceRows: 0 };
  const hkn = hariKesadaran(o.pledgeDates[0], o.today, o.holidays);
  const date = hkn ?? addDays(o.pledgeDates[o.pledgeDates.length - 2], 2);
  const units = opds.filter((u) => CEREMONY_UNITS.includes(u.code));
  const event = hkn
    ? { kind: 'hari_kesadaran_nasional', title: 'Upacara Hari Kesadaran Nasional' }
    : { kind: 'lainnya', title: 'Upacara Hari Jadi Kabupaten' };
  const id = await insertDemoEvent(
    db,
    { ...event, date, start_time: '07:30', place: 'Alun-alun Kabupaten', mode: 'langsung', all_units: 0, check_in: 0, notes: null, created_by: null, created_at: o.now, updated_at: o.now },
    units.map((u) => u.id),
  );
  const required = new Set(DEFAULT_SETTINGS.categories_required);
  const deadline = deadlineOf(date, DEFAULT_SETTINGS, o.timezone, o.holidays);
  const submittedAt = DateTime.fromISO(date, { zone: o.timezone }).set({ hour: 10 }).toUTC().toISO()!;
  const day: DaySession[] = [];
  for (const unit of units.filter((u) => u.code !== 'KESBANGPOL')) {
    const counts = emptyCounts();
    const rows: NewAttendance[] = [];
    const people = employees.filter((e) => required.has(e.category) && (e.transfer && date >= e.transfer.on ? e.transfer.toOpdId : e.opdId) === unit.id);
    for (const e of people) {
      const s: Status = r.chance(0.88) ? 'H' : r.pick(['TL', 'DL', 'S', 'I', 'TK'] as const);
      counts[s]++;
      rows.push({ session_id: unit.id, employee_id: e.id, opd_id: unit.id, pledge_date: date, status: s, cuti_type: null, note: null, planned_absence_id: null });
    }
    const user = o.userOf.get(unit.id) ?? null;
    const session: NewSession = {
      opd_id: unit.id,
      pledge_date: date,
      state: 'submitted',
      held: 1,
      mode: 'langsung',
      start_time: '07:30',
      pembina: 'Bupati',
      ikrar_version: '2024',
      location: 'Alun-alun Kabupaten',
      submitted_by: user,
      submitted_at: submittedAt,
      late: submittedAt > deadline ? 1 : 0,
      ...totalsFromCounts(counts, DEFAULT_SETTINGS.virtual_counts),
      event_id: id,
      // Not a counted kind by default (setting event_kinds_counted): it changes no compliance figure.
      counted: DEFAULT_SETTINGS.event_kinds_counted.includes(event.kind) ? 1 : 0,
      created_by: user,
      created_at: submittedAt,
      updated_by: user,
      updated_at: submittedAt,
    };
    day.push({ session, rows, draft: false });
  }
  await writeDay(db, date, day);
  return { sessions: day.length, attendanceRows: day.reduce((a, d) => a + d.rows.length, 0) };
}
