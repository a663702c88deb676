import { DateTime, Settings } from 'luxon';
import {
  addDays,
  currentPledgeDate,
  deadlineDateOf,
  deadlineOf,
  expectedSessionDates,
  isoWeekOf,
  isPastDeadline,
  isPledgeDate,
  isWorkingDay,
  localToday,
  mondayOf,
  pledgeDateOfWeek,
  pledgeDatesBetween,
  type HolidayMap,
} from '../../../src/lib/calendar';
import { OFFICIAL_HOLIDAYS } from '../../../src/features/holidays/official';

const RULE = { deadline_days_after: 1, deadline_time: '12:00' };
const none: HolidayMap = new Map();
const official: HolidayMap = new Map(Object.values(OFFICIAL_HOLIDAYS).flat().map((h) => [h.date, h.kind]));
const fixNow = (iso: string) => {
  Settings.now = () => Date.parse(iso);
};

afterEach(() => {
  Settings.now = () => Date.now();
});

it('runs with TZ=UTC so that a dependence on the server zone shows', () => {
  expect(new Date(0).getTimezoneOffset()).toBe(0);
});

describe('weeks across year boundaries', () => {
  it.each([
    ['2026-01-01', '2025-12-29'], // Thursday: its week began in the old year
    ['2025-12-31', '2025-12-29'],
    ['2027-01-03', '2026-12-28'], // Sunday of 2026's week 53
    ['2021-01-03', '2020-12-28'],
    ['2026-11-23', '2026-11-23'],
    ['2024-03-03', '2024-02-26'], // leap year
  ])('mondayOf(%s) = %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });

  it('knows ISO week 53 (2020 and 2026 have one; 2025 has not)', () => {
    expect(isoWeekOf('2020-12-28')).toEqual({ weekYear: 2020, weekNumber: 53 });
    expect(isoWeekOf('2021-01-03')).toEqual({ weekYear: 2020, weekNumber: 53 });
    expect(isoWeekOf('2026-12-28')).toEqual({ weekYear: 2026, weekNumber: 53 });
    expect(isoWeekOf('2025-12-29')).toEqual({ weekYear: 2026, weekNumber: 1 });
  });

  it('lists 53 pledge dates in ISO year 2026 and a pledge date on 2020-12-28', () => {
    const dates = pledgeDatesBetween('2025-12-29', '2027-01-03', none, 'skip');
    expect(dates).toHaveLength(53);
    expect(dates[0]).toBe('2025-12-29');
    expect(dates[52]).toBe('2026-12-28');
    expect(isPledgeDate('2020-12-28', none, 'skip')).toBe(true);
    expect(pledgeDatesBetween('2020-12-25', '2021-01-10', none, 'skip')).toEqual(['2020-12-28', '2021-01-04']);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-05', -7)).toBe('2025-12-29');
  });

  it('keeps pledgeDatesBetween inside the range, inclusive', () => {
    expect(pledgeDatesBetween('2026-11-23', '2026-11-30', none, 'skip')).toEqual(['2026-11-23', '2026-11-30']);
    expect(pledgeDatesBetween('2026-11-24', '2026-11-29', none, 'skip')).toEqual([]);
  });
});

describe('holiday Mondays', () => {
  it('skips a holiday Monday by default', () => {
    expect(pledgeDateOfWeek('2026-08-17', official, 'skip')).toBeNull();
    expect(isPledgeDate('2026-08-17', official, 'skip')).toBe(false);
    expect(pledgeDatesBetween('2026-08-10', '2026-08-24', official, 'skip')).toEqual(['2026-08-10', '2026-08-24']);
  });

  it.each([
    ['2025-01-27'],
    ['2025-03-31'],
    ['2025-04-07'],
    ['2025-05-12'],
    ['2025-06-09'],
    ['2025-08-18'],
    ['2026-02-16'],
    ['2026-03-23'],
    ['2026-06-01'],
    ['2026-08-17'],
  ])('the official calendar makes %s a holiday Monday', (monday) => {
    expect(pledgeDateOfWeek(monday, official, 'skip')).toBeNull();
  });

  it('moves the apel to Tuesday under next_working_day', () => {
    expect(pledgeDateOfWeek('2026-08-17', official, 'next_working_day')).toBe('2026-08-18');
    expect(isPledgeDate('2026-08-18', official, 'next_working_day')).toBe(true);
    expect(isPledgeDate('2026-08-17', official, 'next_working_day')).toBe(false);
  });

  it('moves further when Tuesday is a holiday too (Imlek 2026: Mon cuti bersama, Tue libur)', () => {
    expect(pledgeDateOfWeek('2026-02-16', official, 'next_working_day')).toBe('2026-02-18');
    // Idul Fitri 2026: Monday and Tuesday are cuti bersama
    expect(pledgeDateOfWeek('2026-03-23', official, 'next_working_day')).toBe('2026-03-25');
    // Idul Fitri 2025: Monday to Friday are holidays or cuti bersama: no apel that week
    expect(pledgeDateOfWeek('2025-03-31', official, 'next_working_day')).toBeNull();
  });

  it('never moves the apel into the next week', () => {
    const allWeek: HolidayMap = new Map(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map((x) => [x, 'libur_daerah']));
    expect(pledgeDateOfWeek('2026-11-23', allWeek, 'next_working_day')).toBeNull();
    expect(pledgeDatesBetween('2026-11-23', '2026-12-06', allWeek, 'next_working_day')).toEqual(['2026-11-30']);
  });

  it('cancels the week under both policies for "apel ditiadakan"', () => {
    const m: HolidayMap = new Map([['2026-11-23', 'apel_ditiadakan']]);
    expect(pledgeDateOfWeek('2026-11-23', m, 'skip')).toBeNull();
    expect(pledgeDateOfWeek('2026-11-23', m, 'next_working_day')).toBeNull();
  });

  it('cancels a moved apel when its new day is "apel ditiadakan"', () => {
    const m: HolidayMap = new Map([
      ['2026-11-23', 'libur_daerah'],
      ['2026-11-24', 'apel_ditiadakan'],
    ]);
    expect(pledgeDateOfWeek('2026-11-23', m, 'next_working_day')).toBeNull();
  });

  it('treats "apel ditiadakan" as a working day and holidays or weekends as not', () => {
    const m: HolidayMap = new Map([
      ['2026-11-24', 'apel_ditiadakan'],
      ['2026-11-25', 'cuti_bersama'],
    ]);
    expect(isWorkingDay('2026-11-24', m)).toBe(true);
    expect(isWorkingDay('2026-11-25', m)).toBe(false);
    expect(isWorkingDay('2026-11-28', m)).toBe(false);
  });

  it('ignores holidays that are not Mondays under skip', () => {
    expect(pledgeDatesBetween('2026-12-21', '2026-12-28', official, 'skip')).toEqual(['2026-12-21', '2026-12-28']);
  });
});

describe('expected sessions of an OPD', () => {
  it('covers only the weeks the OPD is active on the pledge date (active_to inclusive)', () => {
    const opd = { active_from: '2026-11-10', active_to: '2026-11-30' };
    expect(expectedSessionDates(opd, '2026-11-01', '2026-12-31', none, 'skip')).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
  });

  it('starts on the founding day when it is a pledge date, and has none before', () => {
    const opd = { active_from: '2026-11-23', active_to: null };
    expect(expectedSessionDates(opd, '2026-11-01', '2026-11-30', none, 'skip')).toEqual(['2026-11-23', '2026-11-30']);
    expect(expectedSessionDates(opd, '2026-11-01', '2026-11-22', none, 'skip')).toEqual([]);
  });

  it('follows the holiday policy', () => {
    const opd = { active_from: '2020-01-01', active_to: null };
    expect(expectedSessionDates(opd, '2026-08-10', '2026-08-24', official, 'skip')).toEqual(['2026-08-10', '2026-08-24']);
    expect(expectedSessionDates(opd, '2026-08-10', '2026-08-24', official, 'next_working_day')).toEqual([
      '2026-08-10',
      '2026-08-18',
      '2026-08-24',
    ]);
  });

  it('has none for an OPD dissolved before the range', () => {
    expect(expectedSessionDates({ active_from: '2020-01-01', active_to: '2025-12-31' }, '2026-01-01', '2026-12-31', none, 'skip')).toEqual([]);
  });
});

describe('deadlines in the four Indonesian zones', () => {
  it.each([
    ['Asia/Jakarta', '2026-11-24T05:00:00.000Z'], // WIB, UTC+7
    ['Asia/Pontianak', '2026-11-24T05:00:00.000Z'], // WIB too
    ['Asia/Makassar', '2026-11-24T04:00:00.000Z'], // WITA, UTC+8
    ['Asia/Jayapura', '2026-11-24T03:00:00.000Z'], // WIT, UTC+9
  ])('12:00 the next day in %s is %s', (zone, instant) => {
    expect(deadlineOf('2026-11-23', RULE, zone)).toBe(instant);
  });

  it('honours deadline_days_after and deadline_time', () => {
    expect(deadlineOf('2026-11-23', { deadline_days_after: 0, deadline_time: '16:30' }, 'Asia/Jakarta')).toBe('2026-11-23T09:30:00.000Z');
    expect(deadlineOf('2026-11-23', { deadline_days_after: 3, deadline_time: '08:00' }, 'Asia/Jayapura')).toBe('2026-11-25T23:00:00.000Z');
  });

  it('counts working days: a holiday Tuesday moves the deadline to Wednesday', () => {
    const m: HolidayMap = new Map([['2026-11-24', 'libur_daerah']]);
    expect(deadlineDateOf('2026-11-23', 1, m)).toBe('2026-11-25');
    expect(deadlineOf('2026-11-23', RULE, 'Asia/Jakarta', m)).toBe('2026-11-25T05:00:00.000Z');
  });

  it('never falls on a weekend: a Friday apel is due on Monday', () => {
    expect(deadlineDateOf('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('a moved apel is due the working day after it (Idul Fitri 2026 under next_working_day)', () => {
    const date = pledgeDateOfWeek('2026-03-23', official, 'next_working_day')!;
    expect(deadlineOf(date, RULE, 'Asia/Jakarta', official)).toBe('2026-03-26T05:00:00.000Z');
  });

  it('apel ditiadakan does not delay a deadline', () => {
    expect(deadlineDateOf('2026-11-23', 1, new Map([['2026-11-24', 'apel_ditiadakan']]))).toBe('2026-11-24');
  });

  it('isPastDeadline turns at the instant, in the instance zone', () => {
    expect(isPastDeadline('2026-11-23', RULE, 'Asia/Makassar', DateTime.fromISO('2026-11-24T03:59:59Z'))).toBe(false);
    expect(isPastDeadline('2026-11-23', RULE, 'Asia/Makassar', DateTime.fromISO('2026-11-24T04:00:01Z'))).toBe(true);
    expect(isPastDeadline('2026-11-23', RULE, 'Asia/Jakarta', DateTime.fromISO('2026-11-24T04:00:01Z'))).toBe(false);
  });

  it('isPastDeadline uses Luxon now by default and the holiday map when given', () => {
    fixNow('2026-11-24T06:00:00Z');
    expect(isPastDeadline('2026-11-23', RULE, 'Asia/Jakarta')).toBe(true);
    expect(isPastDeadline('2026-11-23', RULE, 'Asia/Jakarta', undefined, new Map([['2026-11-24', 'cuti_bersama']]))).toBe(false);
  });
});

describe('"now" near midnight, local versus UTC', () => {
  it('is already Monday in Jakarta at 17:30Z on Sunday', () => {
    fixNow('2026-11-22T17:30:00Z'); // 00:30 WIB Monday
    expect(localToday('Asia/Jakarta')).toBe('2026-11-23');
    expect(DateTime.now().toUTC().toISODate()).toBe('2026-11-22');
    expect(currentPledgeDate('Asia/Jakarta', none, 'skip')).toBe('2026-11-23');
  });

  it('at 15:30Z on Sunday it is Monday only in Jayapura', () => {
    fixNow('2026-11-22T15:30:00Z'); // 22:30 WIB, 23:30 WITA, 00:30 WIT
    expect(currentPledgeDate('Asia/Jakarta', none, 'skip')).toBe('2026-11-16');
    expect(currentPledgeDate('Asia/Pontianak', none, 'skip')).toBe('2026-11-16');
    expect(currentPledgeDate('Asia/Makassar', none, 'skip')).toBe('2026-11-16');
    expect(currentPledgeDate('Asia/Jayapura', none, 'skip')).toBe('2026-11-23');
  });

  it('turns at 16:00Z in Makassar (midnight WITA)', () => {
    fixNow('2026-11-22T16:00:00Z');
    expect(localToday('Asia/Makassar')).toBe('2026-11-23');
  });

  it('is worked out again when the clock leaves the day it kept, forwards or back, or the zone changes', () => {
    fixNow('2026-11-22T16:59:59.999Z'); // 23:59:59.999 WIB Sunday
    expect(localToday('Asia/Jakarta')).toBe('2026-11-22');
    fixNow('2026-11-22T17:00:00Z'); // midnight WIB
    expect(localToday('Asia/Jakarta')).toBe('2026-11-23');
    expect(localToday('Asia/Jayapura')).toBe('2026-11-23');
    expect(localToday('UTC')).toBe('2026-11-22');
    fixNow('2026-11-22T16:59:59.999Z');
    expect(localToday('Asia/Jakarta')).toBe('2026-11-22');
  });
});

describe('currentPledgeDate through the week', () => {
  it.each([
    ['Sunday', '2026-11-29T03:00:00Z', '2026-11-23'],
    ['Monday', '2026-11-30T03:00:00Z', '2026-11-30'],
    ['Tuesday', '2026-12-01T03:00:00Z', '2026-11-30'],
  ])('on %s it is the latest pledge date on or before today', (_day, now, expected) => {
    fixNow(now);
    expect(currentPledgeDate('Asia/Jakarta', none, 'skip')).toBe(expected);
  });

  it('on a holiday Monday it is the previous week under skip; the moved day once it comes', () => {
    fixNow('2026-08-17T03:00:00Z');
    expect(currentPledgeDate('Asia/Jakarta', official, 'skip')).toBe('2026-08-10');
    expect(currentPledgeDate('Asia/Jakarta', official, 'next_working_day')).toBe('2026-08-10');
    fixNow('2026-08-18T03:00:00Z');
    expect(currentPledgeDate('Asia/Jakarta', official, 'skip')).toBe('2026-08-10');
    expect(currentPledgeDate('Asia/Jakarta', official, 'next_working_day')).toBe('2026-08-18');
  });

  it('crosses New Year: on 2027-01-01 it is 2026-12-28 (week 53)', () => {
    fixNow('2027-01-01T03:00:00Z');
    expect(currentPledgeDate('Asia/Jakarta', official, 'skip')).toBe('2026-12-28');
  });
});
