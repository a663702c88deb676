import type { CheckInPlace } from '../../db/database';

/** An apel point: WGS84 degrees and a radius in metres. */
export interface ApelPoint {
  lat: number;
  lng: number;
  radiusM: number;
}

export interface Fix {
  lat: number;
  lng: number;
  /** The phone's own estimate of its error, metres (navigator.geolocation's accuracy). */
  accuracyM: number | null;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): a few metres off at most over an apel's radius. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point of a place when all three parts are set; a partial one is no geofence. */
export function apelPoint(lat: number | null, lng: number | null, radiusM: number | null): ApelPoint | null {
  return lat !== null && lng !== null && radiusM !== null && radiusM > 0 ? { lat, lng, radiusM } : null;
}

/**
 * Where the phone was. A phone indoors or under a roof reports tens of metres of error, so the
 * reported accuracy counts in the employee's favour, but never more than the radius itself: a
 * fix "somewhere within 5 km" does not put anyone inside a 150 m apel ground.
 */
export function placeOf(point: ApelPoint, fix: Fix | null): CheckInPlace {
  if (!fix) return 'missing';
  const slack = Math.min(fix.accuracyM ?? 0, point.radiusM);
  return distanceM(point, fix) <= point.radiusM + slack ? 'inside' : 'outside';
}
