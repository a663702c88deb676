import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import { bulkInsert } from './bulk.repository';
import { findPresentBefore, turnOnCheckIn } from './demo.repository';
import type { Rng } from './random';

/** The demo unit that uses check-in (docs/DESIGN.md, "Stable URLs and demo logins"). */
const CHECK_IN_UNIT = 'DISKOMINFO';
/** A plausible provincial office yard (Semarang), and a radius that covers the yard and its gate. */
const APEL_POINT = { lat: -6.99323, lng: 110.42037, radiusM: 150 };
/** Most of the people marked present checked in; the rest were marked by hand, so the verified share is not 100%. */
const CHECKED_IN_SHARE = 0.88;

/**
 * DISKOMINFO uses check-in: its apel point is set, and its past Mondays get a check-in for most
 * of the people the roll-call marks Hadir or Terlambat: the Hadir ones before the start
 * (07:30 local), the late ones after it; a few outside the yard wait for review.
 */
export async function generateCheckIns(db: Db, r: Rng, o: { today: string; timezone: string; userOf: Map<number, number> }): Promise<number> {
  const unit = await turnOnCheckIn(db, CHECK_IN_UNIT, APEL_POINT);
  if (!unit) return 0;
  const present = await findPresentBefore(db, unit.id, o.today);
  const rows = present
    .filter(() => r.chance(CHECKED_IN_SHARE))
    .map((p) => {
      const minutes = p.status === 'TL' ? r.int(42, 70) : r.int(-25, 0);
      const at = DateTime.fromISO(`${p.pledge_date}T07:30`, { zone: o.timezone }).plus({ minutes, seconds: r.int(0, 59) });
      const outside = r.chance(0.03);
      // A few metres of scatter around the point; an outside one is across the road and beyond.
      const spread = outside ? 0.003 : 0.0008;
      return {
        opd_id: unit.id,
        pledge_date: p.pledge_date,
        event_id: null,
        employee_id: p.employee_id,
        checked_in_at: at.toUTC().toISO() as string,
        method: 'self' as const,
        recorded_by: null,
        device: `demo-${p.employee_id}`,
        lat: APEL_POINT.lat + (r.chance(0.5) ? 1 : -1) * spread * (0.5 + r.int(0, 50) / 100),
        lng: APEL_POINT.lng + (r.chance(0.5) ? 1 : -1) * spread * (0.5 + r.int(0, 50) / 100),
        accuracy_m: r.int(5, 40),
        place: outside ? ('outside' as const) : ('inside' as const),
        review: outside ? ('accepted' as const) : null,
        review_reason: outside ? 'outside' : null,
        reviewed_by: outside ? (o.userOf.get(unit.id) ?? null) : null,
        reviewed_at: outside ? (at.plus({ hours: 2 }).toUTC().toISO() as string) : null,
      };
    });
  await bulkInsert(db, 'check_ins', rows);
  return rows.length;
}
