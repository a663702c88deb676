import type { Kysely } from 'kysely';
import type { Database, Status } from '../../../src/db/database';
import { refreshEmployeeYearStats } from '../../../src/features/compliance/employee-stats';
import { emptyCounts, totalsFromCounts } from '../../../src/features/compliance/rollup';
import { DEFAULT_SETTINGS } from '../../../src/features/settings/settings.defaults';
import { FACTORY_TIME } from './sequence';

/** One line of a roll-call: [employeeId, status]. */
export type RollEntry = [number, Status];

/** The rollup figures of a session stored as given, for tests of readers that never see attendance rows. */
export interface GivenCounts {
  expected: number;
  compliant: number;
  excused?: number;
  tk?: number;
}

export interface SessionOptions {
  opdId: number;
  date: string;
  /** Default 'submitted'. */
  state?: 'draft' | 'submitted';
  /** Default 1; 0 is "not held" with a reason. */
  held?: number;
  late?: number;
  /** hr's verdict on a not-held reason. */
  reasonAccepted?: number | null;
  /** Default for a submitted session: 10:00 WIB on the pledge date, before any deadline. */
  submittedAt?: string | null;
  /** The roll-call, as pairs or as { employeeId: status }; its totals and year stats follow from it. */
  roll?: RollEntry[] | Record<number, Status>;
  /** Rollup figures without attendance rows (leave `roll` out). */
  counts?: GivenCounts;
  /** Overrides the rate the totals give. */
  rate?: number | null;
}

/**
 * A session as the writers leave it: the session row with its rollup columns, its attendance
 * rows, and (when submitted) the employees' year stats refreshed from them.
 */
export async function makeSession(db: Kysely<Database>, o: SessionOptions) {
  if (o.roll && o.counts) throw new Error('makeSession: give roll or counts, not both');
  const state = o.state ?? 'submitted';
  const roll = Array.isArray(o.roll) ? o.roll : Object.entries(o.roll ?? {}).map(([id, s]): RollEntry => [Number(id), s]);
  const totals = o.counts ? givenTotals(o.counts) : totalsOf(roll);
  const session = await db
    .insertInto('sessions')
    .values({
      opd_id: o.opdId,
      pledge_date: o.date,
      state,
      ...detailsOf(o.held ?? 1),
      reason_accepted: o.reasonAccepted ?? null,
      late: o.late ?? 0,
      submitted_at: state === 'submitted' ? (o.submittedAt ?? `${o.date}T03:00:00.000Z`) : null,
      ...totals,
      ...(o.rate !== undefined ? { rate: o.rate } : {}),
      created_at: FACTORY_TIME,
      updated_at: FACTORY_TIME,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await makeRollCall(db, session, roll);
  if (state === 'submitted' && roll.length) {
    await refreshEmployeeYearStats(db, roll.map(([id]) => id), Number(o.date.slice(0, 4)));
  }
  return session;
}

/** What the session form records: the details of a held apel, or why it was not held. */
function detailsOf(held: number) {
  return held
    ? { held, mode: 'langsung', start_time: '07:30', ikrar_version: '2024', not_held_kind: null, not_held_reason: null }
    : { held, mode: null, start_time: null, ikrar_version: null, not_held_kind: 'lainnya', not_held_reason: 'Kegiatan lain' };
}

function totalsOf(roll: RollEntry[]) {
  const counts = emptyCounts();
  for (const [, s] of roll) counts[s]++;
  return totalsFromCounts(counts, DEFAULT_SETTINGS.virtual_counts);
}

function givenTotals(c: GivenCounts) {
  const excused = c.excused ?? 0;
  return {
    expected_count: c.expected,
    excused_count: excused,
    compliant_count: c.compliant,
    count_h: c.compliant,
    count_tk: c.tk ?? 0,
    rate: c.expected - excused > 0 ? c.compliant / (c.expected - excused) : null,
  };
}

/**
 * The attendance rows of a session's roll-call and nothing else (cuti is always "tahunan"): the
 * session's rollup columns stay as they are. makeSession with `roll` keeps both in step.
 */
export async function makeRollCall(db: Kysely<Database>, session: { id: number; opd_id: number; pledge_date: string }, roll: RollEntry[]) {
  if (!roll.length) return;
  await db
    .insertInto('attendance')
    .values(
      roll.map(([employee_id, status]) => ({
        session_id: session.id,
        employee_id,
        opd_id: session.opd_id,
        pledge_date: session.pledge_date,
        status,
        cuti_type: status === 'C' ? 'tahunan' : null,
        note: null,
        planned_absence_id: null,
      })),
    )
    .execute();
}

/** A roll-call of `ids` where the first `tk` are TK, the next `excused` are S, the rest H. */
export function roll(ids: number[], counts: { tk?: number; excused?: number } = {}): RollEntry[] {
  const tk = counts.tk ?? 0;
  const excused = counts.excused ?? 0;
  return ids.map((id, i) => [id, i < tk ? 'TK' : i < tk + excused ? 'S' : 'H']);
}
