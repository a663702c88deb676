import { z } from 'zod';
import { noControlChars } from '../../http/validate';

export const loginSchema = z.object({
  // PostgreSQL refuses NUL in a query parameter: such a name is a failed form, not a 500.
  username: z.string().trim().min(1).max(100).refine(noControlChars),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** Only same-site paths may follow a sign-in, never another host (nor a repeated field). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return next;
}
