import type { ExpectedAttendee } from '../../../src/features/sessions/expected';
import { isLateCheckIn, isManual, marksOf, startValue } from '../../../src/features/sessions/evidence';

/* The roll-call's starting values under check-in (src/features/sessions/evidence.ts). */
describe('check-in evidence', () => {
  const zone = 'Asia/Jakarta';

  it('is late only after the start time plus grace, in the instance zone', () => {
    // 07:30 WIB + 10 minutes = 07:40 WIB = 00:40 UTC.
    expect(isLateCheckIn('2026-11-23T00:40:00.000Z', '2026-11-23', '07:30', 10, zone)).toBe(false);
    expect(isLateCheckIn('2026-11-23T00:40:01.000Z', '2026-11-23', '07:30', 10, zone)).toBe(true);
    expect(isLateCheckIn('2026-11-23T00:40:01.000Z', '2026-11-23', '07:30', 10, 'Asia/Jayapura')).toBe(true);
    // WIT is two hours ahead: 07:40 WIT is 22:40 UTC the day before.
    expect(isLateCheckIn('2026-11-22T22:39:00.000Z', '2026-11-23', '07:30', 10, 'Asia/Jayapura')).toBe(false);
  });

  it('takes the earliest check-in that is not rejected, with its time in the zone', () => {
    const marks = marksOf(
      [
        { employee_id: 1, checked_in_at: '2026-11-23T00:20:00.000Z', method: 'self', review: 'rejected' },
        { employee_id: 1, checked_in_at: '2026-11-23T00:50:00.000Z', method: 'scan', review: null },
        { employee_id: 2, checked_in_at: '2026-11-23T00:45:00.000Z', method: 'self', review: null },
        { employee_id: 2, checked_in_at: '2026-11-23T00:25:00.000Z', method: 'self', review: 'pending' },
      ],
      '2026-11-23',
      '07:30',
      10,
      zone,
    );
    expect(marks.get(1)).toEqual({ at: '2026-11-23T00:50:00.000Z', time: '07:50', method: 'scan', pending: false, status: 'TL' });
    expect(marks.get(2)).toEqual({ at: '2026-11-23T00:25:00.000Z', time: '07:25', method: 'self', pending: true, status: 'H' });
  });

  it('starts from the check-in, else the planned absence, else "belum hadir" (or H without check-in)', () => {
    const base: ExpectedAttendee = { id: 1, nip: '1', name: 'A', position: null, category: 'PNS', absence: null };
    const sick = { id: 9, status: 'S' as const, cuti_type: null, document_ref: 'SKD' };
    const mark = { at: 'x', time: '07:45', method: 'self' as const, pending: false, status: 'TL' as const };
    expect(startValue(base)).toEqual({ status: 'H', cuti_type: null });
    expect(startValue({ ...base, checkIn: null })).toEqual({ status: '', cuti_type: null });
    expect(startValue({ ...base, checkIn: null, absence: sick })).toEqual({ status: 'S', cuti_type: null });
    expect(startValue({ ...base, checkIn: mark, absence: sick })).toEqual({ status: 'TL', cuti_type: null });
    // Manual: Hadir/Terlambat without a check-in, or not what the check-in says; never without check-in on.
    expect(isManual({ ...base, checkIn: null }, 'H')).toBe(true);
    expect(isManual({ ...base, checkIn: null }, 'TK')).toBe(false);
    expect(isManual({ ...base, checkIn: mark }, 'TL')).toBe(false);
    expect(isManual({ ...base, checkIn: mark }, 'H')).toBe(true);
    expect(isManual(base, 'H')).toBe(false);
  });
});
