import { z } from 'zod';
import { noControlChars } from '../../http/validate';
import { normalizeNip } from '../../lib/nip';

/**
 * The name an account is looked up by: lower case, and a NIP typed as printed
 * ("19870315 201401 1 555") as its 18 digits, an employee's username. The login limiter counts
 * this form, so spacing a NIP differently is not a fresh budget of guesses.
 */
export function loginName(raw: string): string {
  const nip = normalizeNip(raw);
  return /^\d{18}$/.test(nip) ? nip : raw.trim().toLowerCase();
}

export const loginSchema = z.object({
  // PostgreSQL refuses NUL in a query parameter: such a name is a failed form, not a 500.
  username: z.string().trim().min(1).max(100).refine(noControlChars).transform(loginName),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** Only same-site paths may follow a sign-in, never another host (nor a repeated field). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return next;
}
