import { DateTime, Settings } from 'luxon';

/**
 * "Now" for the whole app goes through Luxon so tests can fix it with Settings.now.
 * Timestamps are stored as ISO-8601 UTC text.
 */
export function nowIso(): string {
  // The same text as DateTime.utc().toISO() (2026-12-07T00:31:05.120Z), without Luxon's formatter.
  return new Date(Settings.now()).toISOString();
}

export function nowMs(): number {
  return DateTime.now().toMillis();
}

/**
 * End-to-end and crash tests start the real server at a chosen moment (IKRAR_NOW, an ISO
 * instant) so "this Monday" and deadlines are the same on every run. The clock still moves
 * from there. Ignored in production.
 */
export function applyClockOverride(env: NodeJS.ProcessEnv): void {
  if (!env.IKRAR_NOW || env.NODE_ENV === 'production') return;
  const target = Date.parse(env.IKRAR_NOW);
  if (Number.isNaN(target)) throw new Error(`IKRAR_NOW is not an ISO instant: ${env.IKRAR_NOW}`);
  const offset = target - Date.now();
  Settings.now = () => Date.now() + offset;
}
