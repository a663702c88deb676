import { z } from 'zod';

/*
 * The form fields of a geofence (geofence.ts): a point in decimal degrees and a radius in
 * metres, all three given or none. A unit's apel point (src/features/opds) and an event's
 * meeting point (src/features/events) are typed and checked the same way.
 */

/** Decimal degrees as typed (a comma works as the decimal point); blank is none. */
export const degrees = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(',', '.') : ''))
    .refine((v) => v === '' || (/^-?\d{1,3}(\.\d{1,12})?$/.test(v) && Math.abs(Number(v)) <= max), 'checkin.point.degrees')
    .transform((v) => (v === '' ? null : Number(v)));

/** Whole metres from 10 (a GPS fix is rarely better) to 5 km; blank is none. */
export const radiusMetres = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? '')
    .refine((v) => v === '' || (/^\d{1,4}$/.test(v) && Number(v) >= 10 && Number(v) <= 5000), 'checkin.point.radius')
    .transform((v) => (v === '' ? null : Number(v)));

/**
 * A refinement that asks for the point's three fields together: with only some given, each of
 * the three gets the message, the one typed as well as the blank ones, so the field the user
 * just filled in says why it was not taken.
 */
export function wholePoint<K extends string>(keys: readonly [K, K, K]) {
  return (v: Record<K, number | null>, ctx: z.RefinementCtx): void => {
    const given = keys.filter((k) => v[k] !== null).length;
    if (given === 0 || given === 3) return;
    for (const key of keys) ctx.addIssue({ code: 'custom', path: [key], message: 'checkin.point.incomplete' });
  };
}
