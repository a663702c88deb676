import { z } from 'zod';

/** ?page= on list pages: anything odd falls back to the first page rather than an error. */
/** An id in the path; not a positive integer means no such notice. */
// Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
export const idParam = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** The form field that opens the notice's page after marking it read. */
export const readBody = z.object({ open: z.literal('1').optional() }).catch({});
