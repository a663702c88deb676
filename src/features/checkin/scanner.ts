import type { Request } from 'express';
import type { Db } from '../../db/connect';
import { NotFoundError } from '../../http/errors';
import { authorize, unitScope } from '../../policy';
import { findEventUnitIds } from '../events/events.repository';
import { requireTarget } from '../sessions/session-target';
import { findEvent } from './check-in.queries';
import type { ScanPlace } from './scan.queries';

/** A scanner's place and the words and links of its page. */
export interface Scanner {
  place: ScanPlace;
  /** The scanner's own URL (…/scan). */
  url: string;
  /** The page it belongs to: the apel's session, or the event. */
  backUrl: string;
  title: string;
  /** The unit or the event, under the heading. */
  where: string;
  /** The key the page's script keeps its queue of unsent scans under. */
  store: string;
}

/** The unit's apel of the URL's date (a 404 for another unit or a date without one), for someone who may scan there. */
export async function apelScanner(db: Db, req: Request, zone: string): Promise<Scanner> {
  const target = await requireTarget(db, req.user!, { code: String(req.params.code) }, String(req.params.date), zone);
  authorize(req.user!, 'checkin.scan', { opdId: target.opd.id });
  const { opd, pledgeDate } = target;
  const backUrl = `/opd/${encodeURIComponent(opd.code)}/sessions/${pledgeDate}`;
  return {
    place: { kind: 'apel', opdId: opd.id, date: pledgeDate },
    url: `${backUrl}/scan`,
    backUrl,
    title: req.t('scan.title', { unit: opd.name }),
    where: `${opd.name} (${opd.code})`,
    store: `ikrar.scan.${opd.code}.${pledgeDate}`,
  };
}

/**
 * The event of the URL, with check-in on, and the units whose people this user may record there:
 * every unit it expects for hr and admin; for a unit's operator their own unit, when the event
 * expects it (else a 404, as for the event's page).
 */
export async function eventScanner(db: Db, req: Request): Promise<Scanner> {
  const id = String(req.params.id);
  const event = /^[1-9]\d{0,8}$/.test(id) ? await findEvent(db, Number(id)) : undefined;
  if (!event || event.check_in !== 1) throw new NotFoundError();
  authorize(req.user!, 'checkin.eventScan');
  const expected = event.all_units === 1 ? 'all' : ((await findEventUnitIds(db, [event.id])).get(event.id) ?? []);
  const scope = unitScope(req.user!, 'checkin.eventScan');
  const units = scope.kind === 'all' ? expected : scope.ids.filter((u) => expected === 'all' || expected.includes(u));
  if (units !== 'all' && units.length === 0) throw new NotFoundError();
  return {
    place: { kind: 'event', eventId: event.id, date: event.date, units },
    url: `/events/${event.id}/scan`,
    backUrl: `/events/${event.id}`,
    title: req.t('scan.event.title', { title: event.title }),
    where: `${event.title} · ${event.place}`,
    store: `ikrar.scan.event.${event.id}`,
  };
}
