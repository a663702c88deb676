import { z } from 'zod';
import type { Fix } from './geofence';

/*
 * The hidden fields the confirmation page's script fills from navigator.geolocation. Blank or
 * absent: no location. Decimal degrees only (no "1e2", "0x10", "Infinity"), in range.
 */
const decimal = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^-?\d{1,3}(\.\d{1,20})?$/.test(v) && Math.abs(Number(v)) <= max), 'checkin.errors.location')
    .transform((v) => (v === null ? null : Number(v)));

const accuracy = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\d{1,7}(\.\d{1,20})?$/.test(v), 'checkin.errors.location')
  .transform((v) => (v === null ? null : Number(v)));

export const locationSchema = z
  .object({ lat: decimal(90), lng: decimal(180), accuracy })
  // Half a location is no location the server can check.
  .refine((l) => (l.lat === null) === (l.lng === null), { message: 'checkin.errors.location', path: ['lat'] })
  .transform((l): Fix | null => (l.lat === null || l.lng === null ? null : { lat: l.lat, lng: l.lng, accuracyM: l.accuracy }));
