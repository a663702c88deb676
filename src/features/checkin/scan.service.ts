import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { CurrentUser } from '../../http/types';
import { authorize } from '../../policy';
import { readCard } from '../cards/card-code';
import { findCardVersion } from '../cards/cards.repository';
import { getSettings } from '../settings/settings.repository';
import { insertCheckIn } from './check-in.repository';
import { findExpectedPerson, findScanCheckIn, type ScanPerson, type ScanPlace } from './scan.queries';

/*
 * The officer's card scan (docs/DESIGN.md, "Employees, check-in and events": "Officers can scan
 * personal QR cards instead"). One scan is one of: a card's text, or, for a lost card, an
 * employee the officer found in the list of expected people (by id) or typed (by NIP). It becomes
 * the employee's check-in at the unit's apel or at the event (method 'scan', recorded by the
 * officer), once: the unique indexes of check_ins decide, so a card read twice, or a scan sent
 * again after its answer was lost on the way, records nothing more and is answered with the first
 * time.
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

type Expected = ScanPerson & { opd_id: number };

async function whoIs(db: Db, key: Buffer, place: ScanPlace, categories: Parameters<typeof findExpectedPerson>[2], who: ScanWho): Promise<Expected | RefusalReason> {
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
  return (await findExpectedPerson(db, place, categories, by)) ?? 'not_expected';
}

/** The policy's word on a scan at the place: at an event, for the unit of the person scanned. */
function authorizeScan(user: CurrentUser, place: ScanPlace, person?: Expected): void {
  if (place.kind === 'apel') authorize(user, 'checkin.scan', { opdId: place.opdId });
  else authorize(user, 'checkin.eventScan', person ? { opdId: person.opd_id } : undefined);
}

/**
 * Records one scan at the unit's apel or the event of `place.date`, which must be today in the
 * instance zone: a scan that reaches the server on another day is refused (the roll-call is the
 * place for it then). At an event the check-in belongs to the unit the person is assigned to that
 * day, where the event's roll-call of that unit reads it.
 */
export async function recordScan(
  db: Db,
  ctx: { user: CurrentUser; key: Buffer; zone: string },
  place: ScanPlace,
  input: ScanInput,
): Promise<ScanOutcome> {
  authorizeScan(ctx.user, place);
  const now = DateTime.utc();
  if (now.setZone(ctx.zone).toISODate() !== place.date) return { status: 'refused', reason: 'not_today' };
  const settings = await getSettings(db);
  const found = await whoIs(db, ctx.key, place, settings.categories_required, input.who);
  if (typeof found === 'string') return { status: 'refused', reason: found };
  authorizeScan(ctx.user, place, found);
  const { opd_id: opdId, ...person } = found;
  const inserted = await insertCheckIn(db, {
    opd_id: opdId,
    pledge_date: place.date,
    event_id: place.kind === 'event' ? place.eventId : null,
    employee_id: person.id,
    checked_in_at: scanTime(now, input.waitedSeconds, place.date, ctx.zone),
    method: 'scan',
    recorded_by: ctx.user.id,
  });
  if (inserted !== 'duplicate') return { status: 'recorded', person, at: inserted.recorded.checked_in_at };
  const first = await findScanCheckIn(db, place, person.id);
  return { status: 'already', person, at: first?.checked_in_at ?? now.toISO()! };
}
