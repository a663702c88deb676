import { EVENT_KINDS, SESSION_MODES, type Event } from '../../db/database';
import type { EventFigures } from './event-figures';
import type { EventWithUnits } from './events.service';

type Translate = (key: string, vars?: Record<string, unknown>) => string;
type Unit = { id: number; code: string; name: string };

/** The form's values from a stored event, or the user's input shown again. */
export function eventForm(values: Record<string, unknown>): Record<string, unknown> {
  const units = values.units === undefined ? [] : [values.units].flat().map(String);
  return { ...values, units };
}

export function formOfEvent(e: EventWithUnits): Record<string, unknown> {
  return {
    kind: e.kind,
    title: e.title,
    date: e.date,
    start_time: e.start_time,
    place: e.place,
    mode: e.mode,
    expected: e.all_units ? 'all' : 'chosen',
    units: e.unitIds.map(String),
    notes: e.notes ?? '',
    check_in: e.check_in ? '1' : '',
    lat: e.lat === null ? '' : String(e.lat),
    lng: e.lng === null ? '' : String(e.lng),
    radius_m: e.radius_m === null ? '' : String(e.radius_m),
  };
}

/** The choices of the form: kinds, modes and the units to tick. */
export function formChoices(t: Translate, form: Record<string, unknown>, units: Unit[]) {
  const chosen = new Set((form.units as string[]) ?? []);
  return {
    kinds: EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`), selected: form.kind === k })),
    modes: SESSION_MODES.map((m) => ({ value: m, label: t(`sessions.modes.${m}`), selected: form.mode === m })),
    units: units.map((u) => ({ ...u, checked: chosen.has(String(u.id)) })),
    allUnits: form.expected !== 'chosen',
  };
}

/** The meeting point of the event's check-in, or null when it has none (all three columns or none). */
export function pointOf(e: Pick<Event, 'lat' | 'lng' | 'radius_m'>): { lat: number; lng: number; radius: number } | null {
  return e.lat === null || e.lng === null || e.radius_m === null ? null : { lat: e.lat, lng: e.lng, radius: e.radius_m };
}

export function eventRow(t: Translate, e: Event, counted: string[]) {
  return { ...e, kindLabel: t(`events.kinds.${e.kind}`), counted: counted.includes(e.kind) };
}

/** The per-unit figures as CSV records (header first). */
export function unitRecords(t: Translate, f: EventFigures): string[][] {
  const rate = (r: number | null) => (r == null ? '' : (Math.round(r * 1000) / 10).toFixed(1));
  const n = (v: number | null) => (v == null ? '' : String(v));
  return [
    ['code', 'unit', 'expected', 'hadir', 'tk', 'rate_percent', 'checked_in', 'state'].map((h) => t(`events.csv.${h}`)),
    ...f.units.map((u) => [u.code, u.name, n(u.expected), n(u.hadir), n(u.tk), rate(u.rate), String(u.checkedIn), t(`sessions.state.${u.state}`)]),
  ];
}
