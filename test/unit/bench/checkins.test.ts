import { burstMonday } from '../../../scripts/bench/checkins';

describe('bench check-in burst', () => {
  it('takes next week’s Monday at 07:20 in the zone, after the generated history', () => {
    // Thursday 3 Dec 2026, 18:50 UTC = Friday 4 Dec, 01:50 WIB.
    expect(burstMonday('Asia/Jakarta', Date.parse('2026-12-03T18:50:00Z'))).toEqual({ date: '2026-12-07', clock: '2026-12-07T00:20:00.000Z' });
    // A Monday itself (Monday 7 Dec, 10:00 WIB) gives the Monday after, not today's apel.
    expect(burstMonday('Asia/Jakarta', Date.parse('2026-12-07T03:00:00Z'))).toEqual({ date: '2026-12-14', clock: '2026-12-14T00:20:00.000Z' });
    // Sunday 6 Dec, 23:30 WIB: tomorrow.
    expect(burstMonday('Asia/Jakarta', Date.parse('2026-12-06T16:30:00Z')).date).toBe('2026-12-07');
  });
});
