import type { Db } from '../../db/connect';
import type { Event } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { isActiveOn } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { authorize, unitScope } from '../../policy';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { inTransaction } from '../sessions/save-session';
import { refreshCounted } from './counted';
import type { EventInput } from './events.schema';
import * as repo from './events.repository';

export interface EventWithUnits extends Event {
  /** The named units (empty for an all-unit event). */
  unitIds: number[];
}

/** An event the user may see: admin, hr and sekda any; an opd user one that expects its unit (else 404). */
export async function getEvent(db: Db, user: CurrentUser, id: number): Promise<EventWithUnits> {
  const event = await repo.findEvent(db, id);
  if (!event) throw new NotFoundError();
  const unitIds = (await repo.findEventUnitIds(db, [id])).get(id) ?? [];
  const scope = unitScope(user, 'events.read');
  if (scope.kind === 'units' && !event.all_units && !unitIds.some((u) => scope.ids.includes(u))) throw new NotFoundError();
  authorize(user, 'events.read');
  return { ...event, unitIds };
}

/** The events a user sees, newest first: every event, or for an opd user those that expect its unit. */
export async function listEvents(db: Db, user: CurrentUser): Promise<Event[]> {
  const scope = unitScope(user, 'events.read');
  if (scope.kind === 'all') return repo.findEvents(db);
  return scope.ids.length ? repo.findEvents(db, { opdId: scope.ids[0] }) : [];
}

/**
 * The checks the form cannot make alone: every chosen unit exists and is active on the date, and
 * no unit is expected at two events on one day (its session on that date is one roll-call). An
 * edit cannot move the date or drop a unit once roll-calls are logged: they would be orphaned.
 */
async function checkInput(db: Db, input: EventInput, id?: number): Promise<void> {
  const units = await repo.findUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  if (input.expected === 'chosen') {
    const bad = input.units.filter((u) => !byId.has(u) || !isActiveOn(byId.get(u)!, input.date));
    if (bad.length) throw new ValidationError({ units: 'events.errors.unit_inactive' });
  }
  const others = (await repo.findEventsOn(db, input.date)).filter((e) => e.id !== id);
  const otherUnits = await repo.findEventUnitIds(db, others.filter((e) => !e.all_units).map((e) => e.id));
  const clash = others.find((e) => e.all_units || input.expected === 'all' || (otherUnits.get(e.id) ?? []).some((u) => input.units.includes(u)));
  if (clash) throw new ValidationError({ date: 'events.errors.overlap' });
  if (id === undefined) return;
  const sessions = await repo.findEventSessions(db, id);
  const before = await repo.findEvent(db, id);
  if (sessions.length && before && before.date !== input.date) throw new ValidationError({ date: 'events.errors.date_locked' });
  if (sessions.length && input.expected === 'chosen' && sessions.some((s) => !input.units.includes(s.opd_id))) {
    throw new ValidationError({ units: 'events.errors.unit_locked' });
  }
}

function rowOf(input: EventInput) {
  return {
    kind: input.kind,
    title: input.title,
    date: input.date,
    start_time: input.start_time,
    place: input.place,
    mode: input.mode,
    all_units: input.expected === 'all' ? 1 : 0,
    check_in: input.check_in,
    notes: input.notes,
    lat: input.lat,
    lng: input.lng,
    radius_m: input.radius_m,
  };
}

export async function createEvent(db: Db, actor: AuditActor & { user: CurrentUser }, input: EventInput): Promise<Event> {
  authorize(actor.user, 'events.edit');
  return inTransaction(db, async (trx) => {
    await checkInput(trx, input);
    const at = nowIso();
    const event = await repo.insertEvent(trx, { ...rowOf(input), created_by: actor.user.id, created_at: at, updated_at: at });
    const units = input.expected === 'chosen' ? input.units : [];
    await repo.replaceEventUnits(trx, event.id, units);
    await writeAudit(trx, actor, { entity: 'event', entityId: event.id, action: 'create', after: { ...rowOf(input), units } });
    return event;
  });
}

/** Saves an edit; a new kind may change whether the logged roll-calls count (counted.ts). */
export async function updateEvent(db: Db, actor: AuditActor & { user: CurrentUser }, id: number, input: EventInput): Promise<void> {
  authorize(actor.user, 'events.edit');
  await inTransaction(db, async (trx) => {
    const before = await repo.findEvent(trx, id);
    if (!before) throw new NotFoundError();
    await checkInput(trx, input, id);
    const beforeUnits = (await repo.findEventUnitIds(trx, [id])).get(id) ?? [];
    const units = input.expected === 'chosen' ? input.units : [];
    await repo.updateEvent(trx, id, { ...rowOf(input), updated_at: nowIso() });
    await repo.replaceEventUnits(trx, id, units);
    if (before.kind !== input.kind) await refreshCounted(trx, [id]);
    const { created_by: _c, created_at: _a, updated_at: _u, id: _i, ...kept } = before;
    await writeAudit(trx, actor, { entity: 'event', entityId: id, action: 'update', before: { ...kept, units: beforeUnits }, after: { ...rowOf(input), units } });
  });
}
