import { DateTime } from 'luxon';

/**
 * "Now" for the whole app goes through Luxon so tests can fix it with Settings.now.
 * Timestamps are stored as ISO-8601 UTC text.
 */
export function nowIso(): string {
  return DateTime.utc().toISO({ suppressMilliseconds: false }) as string;
}

export function nowMs(): number {
  return DateTime.now().toMillis();
}
