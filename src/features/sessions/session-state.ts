import type { Session } from '../../db/database';

/*
 * The state an OPD sees for one pledge date (docs/DESIGN.md, "Sessions and the roll-call"):
 * belum_diisi: nothing saved yet · draf: saved, not submitted · terkirim: submitted on time ·
 * terlambat: submitted after the deadline · terkunci: the deadline has passed and the session
 * was submitted on time, so opd users can only request corrections.
 * `overdue` marks a session that is not submitted when the deadline has passed (belum lapor).
 */
export type SessionState = 'belum_diisi' | 'draf' | 'terkirim' | 'terlambat' | 'terkunci';

export interface StateInfo {
  state: SessionState;
  /** The deadline has passed: opd users can no longer edit, only request a correction. */
  locked: boolean;
  /** Deadline passed without a submission. */
  overdue: boolean;
}

export function sessionState(
  session: Pick<Session, 'state' | 'late'> | null | undefined,
  deadlineIso: string,
  nowIso: string,
): StateInfo {
  const past = nowIso > deadlineIso;
  if (!session) return { state: 'belum_diisi', locked: false, overdue: past };
  if (session.state === 'draft') return { state: 'draf', locked: false, overdue: past };
  if (session.late) return { state: 'terlambat', locked: true, overdue: false };
  return { state: past ? 'terkunci' : 'terkirim', locked: past, overdue: false };
}
