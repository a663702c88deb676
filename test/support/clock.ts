import { Settings } from 'luxon';

/*
 * "Now" for date logic: the app reads Luxon's clock, so a test fixes it and puts it back.
 * The session tests work in one week of November 2026.
 */
export const MONDAY = '2026-11-23';
/** Monday 23 Nov 2026, 10:00 WIB: before the deadline (Tuesday 12:00 WIB). */
export const MONDAY_MORNING = '2026-11-23T03:00:00Z';
/** Tuesday 24 Nov 2026, 13:00 WIB: past the deadline. */
export const AFTER_DEADLINE = '2026-11-24T06:00:00Z';

export function fixNow(iso: string): void {
  const ms = Date.parse(iso);
  Settings.now = () => ms;
}

export function resetNow(): void {
  Settings.now = () => Date.now();
}
