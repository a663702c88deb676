import { z } from 'zod';
import { REQUEST_KINDS } from '../../db/database';
import { cutiTypeField } from '../absences/absences.schema';
import { form } from '../../http/validate';

/** The longest range one request may cover: a longer leave is registered by hr as a planned absence. */
export const MAX_DAYS = 90;

/** An employee's request (docs/DESIGN.md, "Sessions and the roll-call"): the cuti type only means something for C. */
export const requestSchema = z
  .object({
    kind: z.enum(REQUEST_KINDS),
    cuti_type: cutiTypeField,
    start_date: form.date(),
    end_date: form.date(),
    reason: form.text(500),
    letter_ref: form.optionalText(100),
  })
  .refine((v) => v.end_date >= v.start_date, { path: ['end_date'], message: 'requests.errors.end_before_start' })
  .transform((v) => ({ ...v, cuti_type: v.kind === 'C' ? v.cuti_type : null }));
export type RequestInput = z.infer<typeof requestSchema>;

export const decisionSchema = z.object({ note: form.optionalText(500) });

// Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
export const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
