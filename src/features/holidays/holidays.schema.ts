import { z } from 'zod';
import { HOLIDAY_KINDS } from '../../db/database';
import { form } from '../../http/validate';

export const holidaySchema = z.object({
  date: form.date(),
  name: form.text(200),
  kind: z.enum(HOLIDAY_KINDS),
  source: form.optionalText(200),
  needs_review: form.checkbox(),
});
export type HolidayInput = z.infer<typeof holidaySchema>;

/** Years the calendar can show; the official lists and date-holidays both cover this range. */
export const yearSchema = z.coerce.number().int().min(2000).max(2100);

// Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
export const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
