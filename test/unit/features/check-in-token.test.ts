import { checkInKey, readCheckIn, signCheckIn, slotOf, SLOT_SECONDS } from '../../../src/features/checkin/check-in-token';

const key = checkInKey('a-test-secret-of-enough-length-0123456789');
const T0 = Date.parse('2026-12-07T00:30:00Z');
const apel = { kind: 'apel' as const, opdId: 12, date: '2026-12-07' };

describe('check-in token', () => {
  it('reads back what it signed, for an apel and an event', () => {
    const slot = slotOf(T0);
    expect(readCheckIn(key, signCheckIn(key, apel, slot), T0)).toEqual({ ok: true, target: apel, slot });
    const ev = { kind: 'event' as const, eventId: 3 };
    expect(readCheckIn(key, signCheckIn(key, ev, slot), T0)).toEqual({ ok: true, target: ev, slot });
  });

  it('is accepted in its slot and the next one only', () => {
    const token = signCheckIn(key, apel, slotOf(T0));
    expect(readCheckIn(key, token, T0 + SLOT_SECONDS * 1000).ok).toBe(true);
    expect(readCheckIn(key, token, T0 + 2 * SLOT_SECONDS * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a forged, altered or foreign token', () => {
    const token = signCheckIn(key, apel, slotOf(T0));
    const other = checkInKey('another-secret-of-enough-length-987654321');
    expect(readCheckIn(other, token, T0)).toEqual({ ok: false, reason: 'invalid' });
    expect(readCheckIn(key, token.replace('A12-', 'A13-'), T0)).toEqual({ ok: false, reason: 'invalid' });
    expect(readCheckIn(key, token.replace('20261207', '20261214'), T0)).toEqual({ ok: false, reason: 'invalid' });
    expect(readCheckIn(key, `${token}x`, T0)).toEqual({ ok: false, reason: 'invalid' });
    expect(readCheckIn(key, 'IKR1.1.1.aaaaaaaaaaaaaaaaaaaaaa', T0)).toEqual({ ok: false, reason: 'invalid' });
    // A far-future slot is not a token this server made.
    expect(readCheckIn(key, signCheckIn(key, apel, slotOf(T0) + 5), T0)).toEqual({ ok: false, reason: 'invalid' });
  });
});
