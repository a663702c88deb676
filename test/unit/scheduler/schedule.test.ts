import {
  digestPledgeDate,
  dueDigest,
  dueReminders,
  openPledgeDates,
  parseSlot,
  slotInstant,
  type Calendar,
} from '../../../src/features/scheduler/schedule';

// Monday 23 Nov 2026 in Asia/Jakarta (UTC+7): apel 07:30 = 00:30Z, deadline Tue 12:00 = Tue 05:00Z.
const cal = (holidays: [string, string][] = []): Calendar => ({
  rule: { deadline_days_after: 1, deadline_time: '12:00', apel_start_time: '07:30' },
  zone: 'Asia/Jakarta',
  holidays: new Map(holidays),
});
const TIMES = ['MON 10:00', 'DEADLINE 09:00'];
const WEEKS = ['2026-11-16', '2026-11-23'];

describe('time settings', () => {
  it.each([
    ['MON 10:00', { anchor: 'MON', hour: 10, minute: 0 }],
    ['deadline 09:30', { anchor: 'DEADLINE', hour: 9, minute: 30 }],
    [' PLEDGE 23:59 ', { anchor: 'PLEDGE', hour: 23, minute: 59 }],
  ])('reads %j', (text, slot) => expect(parseSlot(text)).toEqual(slot));

  it.each(['MON 24:00', 'MON 9:00', 'MONDAY 10:00', '10:00', ''])('refuses %j', (text) => expect(parseSlot(text)).toBeNull());

  it('places slots in the instance zone, the deadline day in working days', () => {
    expect(slotInstant(parseSlot('MON 10:00')!, '2026-11-23', cal())).toBe('2026-11-23T03:00:00.000Z');
    expect(slotInstant(parseSlot('DEADLINE 09:00')!, '2026-11-23', cal())).toBe('2026-11-24T02:00:00.000Z');
    // Tuesday a holiday: the deadline (and its reminder) moves to Wednesday.
    expect(slotInstant(parseSlot('DEADLINE 09:00')!, '2026-11-23', cal([['2026-11-24', 'libur_nasional']]))).toBe('2026-11-25T02:00:00.000Z');
    expect(slotInstant(parseSlot('MON 10:00')!, '2026-11-23', { ...cal(), zone: 'Asia/Jayapura' })).toBe('2026-11-23T01:00:00.000Z');
  });
});

describe('due reminders', () => {
  it('has nothing due before the first reminder', () => {
    expect(dueReminders(TIMES, WEEKS, cal(), '2026-11-23T02:59:59.000Z')).toEqual([]);
  });

  it('runs the Monday reminder from 10:00', () => {
    expect(dueReminders(TIMES, WEEKS, cal(), '2026-11-23T03:00:00.000Z')).toEqual([{ plannedAt: '2026-11-23T03:00:00.000Z', action: 'run' }]);
  });

  it('sends only the latest of two missed reminders and skips the earlier', () => {
    expect(dueReminders(TIMES, WEEKS, cal(), '2026-11-24T04:00:00.000Z')).toEqual([
      { plannedAt: '2026-11-23T03:00:00.000Z', action: 'skip' },
      { plannedAt: '2026-11-24T02:00:00.000Z', action: 'run' },
    ]);
  });

  it('drops reminders once the deadline has passed', () => {
    expect(dueReminders(TIMES, WEEKS, cal(), '2026-11-24T05:00:00.000Z')).toEqual([]);
  });

  it('ignores a weekday slot before the apel of a week whose apel moved', () => {
    // Monday 23 Nov a holiday, apel on Tuesday 24 with next_working_day: MON 10:00 is before it.
    const c = cal([['2026-11-23', 'libur_nasional']]);
    expect(dueReminders(TIMES, ['2026-11-24'], c, '2026-11-25T01:00:00.000Z')).toEqual([]);
    expect(dueReminders(TIMES, ['2026-11-24'], c, '2026-11-25T02:30:00.000Z')).toEqual([{ plannedAt: '2026-11-25T02:00:00.000Z', action: 'run' }]);
  });
});

describe('due digest', () => {
  it('is due from the digest time, for the latest week only', () => {
    expect(dueDigest('DEADLINE 13:00', WEEKS, cal(), '2026-11-24T05:59:00.000Z')).toBe('2026-11-17T06:00:00.000Z');
    expect(dueDigest('DEADLINE 13:00', WEEKS, cal(), '2026-11-24T06:00:00.000Z')).toBe('2026-11-24T06:00:00.000Z');
    expect(dueDigest('DEADLINE 13:00', WEEKS, cal(), '2026-11-29T00:00:00.000Z')).toBe('2026-11-24T06:00:00.000Z');
    expect(dueDigest('nonsense', WEEKS, cal(), '2026-11-29T00:00:00.000Z')).toBeNull();
  });

  it('reports on the latest week whose deadline has passed', () => {
    expect(digestPledgeDate(WEEKS, cal(), '2026-11-24T06:00:00.000Z')).toBe('2026-11-23');
    expect(digestPledgeDate(WEEKS, cal(), '2026-11-24T04:59:00.000Z')).toBe('2026-11-16');
  });

  it('knows which sessions are open', () => {
    expect(openPledgeDates(WEEKS, cal(), '2026-11-23T00:29:00.000Z')).toEqual([]);
    expect(openPledgeDates(WEEKS, cal(), '2026-11-23T03:00:00.000Z')).toEqual(['2026-11-23']);
  });
});
