import type { Db } from '../../db/connect';
import type { Session } from '../../db/database';
import { NotFoundError } from '../../http/errors';
import { nowIso } from '../../lib/clock';
import { authorize } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import { findRequestsForSession, type SessionRequestRow } from '../corrections/corrections.repository';
import { withEvidence } from './evidence';
import { expectedAttendees, type ExpectedAttendee } from './expected';
import { findFlaggedPeople } from './expected.queries';
import { inTransaction, type SessionActor } from './save-session';
import { sessionState, type StateInfo } from './session-state';
import type { SessionTarget } from './session-target';
import * as repo from './sessions.repository';

export interface SessionPage {
  target: SessionTarget;
  session: Session | undefined;
  expected: ExpectedAttendee[];
  saved: Map<number, repo.SavedRow>;
  info: StateInfo;
  people: Map<number, string>;
  requests: SessionRequestRow[];
  /** Expected attendees with an open flag this year, and their TK count. */
  flagged: Map<number, number>;
}

/** Everything the session page shows: four small queries besides the roll-call itself. */
export async function loadSessionPage(db: Db, target: SessionTarget): Promise<SessionPage> {
  const session = await repo.findSession(db, target.opd.id, target.pledgeDate);
  // Under check-in every row knows its check-in; a draft's "belum hadir" rows fill from new ones here.
  const expected = await withEvidence(db, target, session, await expectedAttendees(db, target.opd.id, target.pledgeDate, target.settings));
  const saved = new Map((session ? await repo.findAttendance(db, session.id) : []).map((r) => [r.employee_id, r]));
  const info = sessionState(session, target.deadline, nowIso());
  const requests = session ? await findRequestsForSession(db, session.id) : [];
  const ids = [session?.submitted_by, session?.updated_by].filter((v): v is number => v != null);
  const flagged = await findFlaggedPeople(db, target.opd.id, target.pledgeDate);
  return { target, session, expected, saved, info, people: await repo.findUserNames(db, ids), requests, flagged };
}

export type Verdict = 'accept' | 'reject' | 'clear';

/**
 * hr's verdict on why an apel was not held: an accepted reason lifts the "tidak dilaksanakan"
 * flag (docs/DESIGN.md, "Compliance rules"). It is not part of the roll-call, so it does not bump the version and an
 * operator's open form stays valid.
 */
export async function setReasonVerdict(db: Db, actor: SessionActor, target: SessionTarget, verdict: Verdict): Promise<void> {
  authorize(actor.user, 'session.judgeReason');
  await inTransaction(db, async (trx) => {
    const session = await repo.findSession(trx, target.opd.id, target.pledgeDate);
    if (!session || session.held) throw new NotFoundError();
    const value = verdict === 'accept' ? 1 : verdict === 'reject' ? 0 : null;
    await repo.updateSession(trx, session.id, { reason_accepted: value });
    await writeAudit(trx, actor, {
      entity: 'session',
      entityId: session.id,
      action: 'reason_verdict',
      opdId: session.opd_id,
      before: { reason_accepted: session.reason_accepted },
      after: { reason_accepted: value },
    });
  });
}
