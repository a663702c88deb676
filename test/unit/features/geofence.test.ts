import { apelPoint, distanceM, placeOf } from '../../../src/features/checkin/geofence';
import { locationSchema } from '../../../src/features/checkin/check-in.schema';

describe('the geofence', () => {
  const point = { lat: -6.99323, lng: 110.42037, radiusM: 150 };

  it('measures great-circle distances in metres', () => {
    // 0.001 degree of latitude is about 111 m anywhere; Semarang to Jakarta about 405 km.
    expect(distanceM(point, { lat: point.lat + 0.001, lng: point.lng })).toBeCloseTo(111.2, 0);
    expect(distanceM({ lat: -6.9932, lng: 110.4204 }, { lat: -6.1754, lng: 106.8272 }) / 1000).toBeGreaterThan(400);
    expect(distanceM(point, point)).toBe(0);
  });

  it('is inside within the radius, with the reported accuracy counted up to the radius, and missing without a fix', () => {
    const at = (metresNorth: number, accuracyM: number | null = null) => ({ lat: point.lat + metresNorth / 111_195, lng: point.lng, accuracyM });
    expect(placeOf(point, at(140))).toBe('inside');
    expect(placeOf(point, at(160))).toBe('outside');
    expect(placeOf(point, at(160, 20))).toBe('inside');
    // "Somewhere within 5 km" counts for no more than the radius.
    expect(placeOf(point, at(310, 5000))).toBe('outside');
    expect(placeOf(point, null)).toBe('missing');
  });

  it('needs all three parts of a point', () => {
    expect(apelPoint(-6.9, 110.4, 150)).toEqual({ lat: -6.9, lng: 110.4, radiusM: 150 });
    expect(apelPoint(-6.9, null, 150)).toBeNull();
    expect(apelPoint(-6.9, 110.4, null)).toBeNull();
  });

  it('reads the hidden location fields: decimals in range, both or none', () => {
    expect(locationSchema.parse({ lat: '-6.99', lng: '110.42', accuracy: '12.5' })).toEqual({ lat: -6.99, lng: 110.42, accuracyM: 12.5 });
    expect(locationSchema.parse({ lat: '', lng: '', accuracy: '' })).toBeNull();
    expect(locationSchema.parse({})).toBeNull();
    for (const bad of [{ lat: 'x', lng: '1' }, { lat: '1e2', lng: '1' }, { lat: '91', lng: '1' }, { lat: '1', lng: '181' }, { lat: '1', lng: '' }, { lat: '1', lng: '1', accuracy: '-3' }, { lat: 'Infinity', lng: '1' }]) {
      expect(locationSchema.safeParse(bad).success).toBe(false);
    }
  });
});
