import { DateTime } from 'luxon';
import type { OpdPeriod } from '../../db/database';
import { isActiveOn } from '../../lib/calendar';
import type { WeekColumn } from './period';
import type { SessionState } from '../sessions/session-state';
import { evaluateWeek, type EvalContext, type Week } from './weeks';

/*
 * The "belum lapor" list of the dashboard: units without a submitted report for the reference
 * week, with how long they have been missing and how far past the deadline they are.
 */
export interface BelumLapor {
  opd: { id: number; code: string; name: string };
  pledgeDate: string;
  state: SessionState;
  /** Consecutive weeks without a report, ending with this one (holidays skipped). */
  missingWeeks: number;
  /** The run fills the whole 12-week window: it is at least that long. */
  capped: boolean;
  /** For a capped run: the last pledge date reported (null: never), filled by the service. */
  lastSubmitted?: string | null;
  /** Oldest unreported pledge date of that run and its deadline. */
  since: string;
  sinceDeadline: string;
  /** Milliseconds past that deadline; null while the deadline is still ahead. */
  overdueMs: number | null;
  /** Milliseconds left before this week's deadline; null once it has passed. */
  timeLeftMs: number | null;
}

/** `start`: the start_date setting; the run of missed weeks never reaches before it. */
export function belumLaporOf(ctx: EvalContext, opd: OpdPeriod, reference: string, columns: WeekColumn[], start = ''): BelumLapor | null {
  const week = evaluateWeek(ctx, opd.id, reference);
  if (week.session?.state === 'submitted') return null;
  let since = week;
  let missing = 1;
  let capped = true;
  const earlier = columns.filter((c) => c.pledgeDate && c.pledgeDate < reference).reverse();
  for (const c of earlier) {
    const w = isActiveOn(opd, c.pledgeDate!) && c.pledgeDate! >= start ? evaluateWeek(ctx, opd.id, c.pledgeDate!) : null;
    if (!w || w.session?.state === 'submitted') {
      capped = false;
      break;
    }
    since = w;
    missing++;
  }
  const now = DateTime.fromISO(ctx.now).toMillis();
  const overdue = now - DateTime.fromISO(since.deadline).toMillis();
  return {
    opd: { id: opd.id, code: opd.code, name: opd.name },
    pledgeDate: reference,
    state: week.state,
    missingWeeks: missing,
    capped,
    since: since.pledgeDate,
    sinceDeadline: since.deadline,
    overdueMs: overdue > 0 ? overdue : null,
    timeLeftMs: week.pastDeadline ? null : DateTime.fromISO(week.deadline).toMillis() - now,
  };
}

/** A unit with weeks of a month or year still without a submitted report. */
export interface UnreportedInPeriod {
  opd: { id: number; code: string; name: string };
  /** The unit's expected pledge dates of the period with no submitted report, oldest first. */
  dates: string[];
  /** How many of them are past their deadline (belum lapor); the rest may still come in time. */
  overdue: number;
}

/*
 * The month and year views list every unit with an unreported week in the period, not the
 * reference week alone: a unit that missed three Mondays of the month has not "reported".
 */
export function unreportedOf(opd: OpdPeriod, weeks: Week[]): UnreportedInPeriod | null {
  const open = weeks.filter((w) => w.session?.state !== 'submitted');
  if (!open.length) return null;
  return {
    opd: { id: opd.id, code: opd.code, name: opd.name },
    dates: open.map((w) => w.pledgeDate),
    overdue: open.filter((w) => w.pastDeadline).length,
  };
}
