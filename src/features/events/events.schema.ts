import { z } from 'zod';
import { EVENT_KINDS, SESSION_MODES } from '../../db/database';
import { form } from '../../http/validate';
import { degrees, radiusMetres, wholePoint } from '../checkin/geofence.schema';

/*
 * The event form (docs/DESIGN.md, "Employees, check-in and events"): what, when, where, how, and
 * which units are expected (all, or those ticked in `units`, sent as unit ids), and the meeting
 * point (titik kumpul) whose radius a self check-in is judged against: all three, or none.
 */
const time = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'events.errors.time');

const unitIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .refine((v) => v.length <= 1000 && v.every((x) => /^\d{1,9}$/.test(x)), 'validation.invalid_choice')
  .transform((v) => [...new Set(v.map(Number))]);

const wholeMeetingPoint = wholePoint(['lat', 'lng', 'radius_m']);

export const eventSchema = z
  .object({
    kind: z.enum(EVENT_KINDS),
    title: form.text(200),
    date: form.date(),
    start_time: time,
    place: form.text(200),
    mode: z.enum(SESSION_MODES),
    expected: z.enum(['all', 'chosen']),
    units: unitIds,
    notes: form.optionalText(1000),
    check_in: form.checkbox(),
    lat: degrees(90),
    lng: degrees(180),
    radius_m: radiusMetres(),
  })
  .superRefine((v, ctx) => {
    wholeMeetingPoint(v, ctx);
    if (v.expected === 'chosen' && v.units.length === 0) ctx.addIssue({ code: 'custom', path: ['units'], message: 'events.errors.no_units' });
  });
export type EventInput = z.infer<typeof eventSchema>;

// Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
export const eventIdSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
