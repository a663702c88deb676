import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { CurrentUser } from '../../http/types';
import { authorize } from '../../policy';
import { readCard } from '../cards/card-code';
import { findCardVersion } from '../cards/cards.repository';
import { getSettings } from '../settings/settings.repository';
import { insertCheckIn } from './check-in.repository';
import { findApelCheckIn, findExpectedPerson, type ScanPerson } from './scan.queries';

/*
 * The officer's card scan (docs/DESIGN.md, "Employees, check-in and events": "Officers can scan
 * personal QR cards instead"). One scan is one of: a card's text, or, for a lost card, an
 * employee the officer found in the unit's list (by id) or typed (by NIP). It becomes the
 * employee's check-in at the unit's apel (method 'scan', recorded by the officer), once: the
 * unique index of check_ins decides, so a card read twice, or a scan sent again after its
 * answer was lost on the way, records nothing more and is answered with the first time.
 */
export type ScanWho = { card: string } | { employeeId: number } | { nip: string };

export interface ScanInput {
  who: ScanWho;
  /** How long the scan waited in the page before it was sent (offline), in seconds, by the phone's own clock. */
  waitedSeconds: number;
}

/** Why a scan records nothing: an i18n key under scan.refused. */
export type RefusalReason = 'invalid_card' | 'old_card' | 'not_expected' | 'not_today';

export type ScanOutcome =
  | { status: 'recorded' | 'already'; person: ScanPerson; at: string }
  | { status: 'refused'; reason: RefusalReason };

/** A scan that waited this long in an offline page is recorded at the time it was sent instead. */
const MAX_WAIT_SECONDS = 12 * 3600;

/**
 * When the person was there: the time the phone read the card. A phone's clock may be wrong, so
 * the page sends how long the scan waited (its clock's difference, not its time), and the server
 * takes that off its own time; a wait that leaves the apel's day counts from the sending.
 */
export function scanTime(now: DateTime, waitedSeconds: number, date: string, zone: string): string {
  const wait = Math.min(Math.max(0, waitedSeconds), MAX_WAIT_SECONDS);
  const at = now.minus({ seconds: wait });
  return (at.setZone(zone).toISODate() === date ? at : now).toUTC().toISO() as string;
}

async function whoIs(db: Db, key: Buffer, opdId: number, date: string, categories: Parameters<typeof findExpectedPerson>[3], who: ScanWho): Promise<ScanPerson | RefusalReason> {
  let by: { id: number } | { nip: string };
  if ('card' in who) {
    const card = readCard(key, who.card);
    if (!card) return 'invalid_card';
    // The card is genuine but replaced by a newer one (lost, copied): the old one is void.
    if ((await findCardVersion(db, card.employeeId)) !== card.version) return 'old_card';
    by = { id: card.employeeId };
  } else {
    by = 'employeeId' in who ? { id: who.employeeId } : { nip: who.nip };
  }
  return (await findExpectedPerson(db, opdId, date, categories, by)) ?? 'not_expected';
}

/**
 * Records one scan at the unit's apel of `date`, which must be today in the instance zone: a scan
 * that reaches the server on another day is refused (the roll-call is the place for it then).
 */
export async function recordScan(
  db: Db,
  ctx: { user: CurrentUser; key: Buffer; zone: string },
  target: { opdId: number; date: string },
  input: ScanInput,
): Promise<ScanOutcome> {
  authorize(ctx.user, 'checkin.scan', { opdId: target.opdId });
  const now = DateTime.utc();
  if (now.setZone(ctx.zone).toISODate() !== target.date) return { status: 'refused', reason: 'not_today' };
  const settings = await getSettings(db);
  const person = await whoIs(db, ctx.key, target.opdId, target.date, settings.categories_required, input.who);
  if (typeof person === 'string') return { status: 'refused', reason: person };
  const inserted = await insertCheckIn(db, {
    opd_id: target.opdId,
    pledge_date: target.date,
    event_id: null,
    employee_id: person.id,
    checked_in_at: scanTime(now, input.waitedSeconds, target.date, ctx.zone),
    method: 'scan',
    recorded_by: ctx.user.id,
  });
  if (inserted !== 'duplicate') return { status: 'recorded', person, at: inserted.recorded.checked_in_at };
  const first = await findApelCheckIn(db, target.opdId, target.date, person.id);
  return { status: 'already', person, at: first?.checked_in_at ?? now.toISO()! };
}
