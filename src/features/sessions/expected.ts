import type { Db } from '../../db/connect';
import type { Category, CheckInMethod, PlannedStatus } from '../../db/database';
import type { Settings } from '../settings/settings.defaults';
import { findAssignedPeople, findCoveringAbsences } from './expected.queries';

/** The planned absence that covers the pledge date, used to pre-fill the roll-call. */
export interface CoveringAbsence {
  id: number;
  status: PlannedStatus;
  cuti_type: string | null;
  document_ref: string;
}

/** A person's check-in as the roll-call uses it (evidence.ts marksOf). */
export interface CheckInMark {
  /** ISO UTC instant of the check-in. */
  at: string;
  /** Its time of day in the instance zone (HH:mm), as the roll-call shows it. */
  time: string;
  method: CheckInMethod;
  /** Waiting for the operator's review: shown with a warning, not verified. */
  pending: boolean;
  /** What the roll-call starts from: H, or TL after the start time plus grace. */
  status: 'H' | 'TL';
}

export interface ExpectedAttendee {
  id: number;
  nip: string;
  name: string;
  position: string | null;
  category: Category;
  absence: CoveringAbsence | null;
  /**
   * Only when the unit uses check-in (evidence.ts withEvidence): the person's check-in, or null
   * when they have none ("belum hadir"). Absent when check-in is off.
   */
  checkIn?: CheckInMark | null;
}

/*
 * Expected attendees of an OPD on a date (docs/DESIGN.md, "Calendar"): assigned to the OPD on that date
 * (assignments are [start_date, end_date), so on the day of a transfer the person belongs to
 * the new unit only), in service on that date (active_to is the last day of service, inclusive),
 * and of a category that must attend. CLTN (unpaid leave outside the state's service) takes the
 * person off the roll-call entirely; other planned absences stay on it, pre-filled.
 *
 * Two queries, both driven by the assignments_opd index (opd_id, start_date): the people, then
 * the uncancelled planned absences covering the date for the same people. Two queries rather than
 * one LEFT JOIN because one person may have overlapping absences; we pick one per person here.
 */
export async function expectedAttendees(
  db: Db,
  opdId: number,
  date: string,
  settings: Pick<Settings, 'categories_required'>,
): Promise<ExpectedAttendee[]> {
  const categories = settings.categories_required;
  if (categories.length === 0) return [];
  const people = await findAssignedPeople(db, opdId, date, categories);
  if (people.length === 0) return [];

  const absences = await findCoveringAbsences(db, opdId, date);

  const byEmployee = new Map<number, CoveringAbsence>();
  for (const a of absences) {
    const current = byEmployee.get(a.employee_id);
    // CLTN wins over anything else; otherwise the most recently registered absence applies.
    if (current?.status === 'CLTN') continue;
    byEmployee.set(a.employee_id, { id: a.id, status: a.status, cuti_type: a.cuti_type, document_ref: a.document_ref });
  }

  const out: ExpectedAttendee[] = [];
  for (const p of people) {
    const absence = byEmployee.get(p.id) ?? null;
    if (absence?.status === 'CLTN') continue;
    out.push({ ...p, absence });
  }
  return out;
}
