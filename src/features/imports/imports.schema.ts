import { z } from 'zod';
import { form } from '../../http/validate';

export const uploadSchema = z.object({
  effective_date: form.date(),
  scope_opd: z
    .string()
    .trim()
    .optional()
    // Digits only: Number() would read "0x10", and an id past PostgreSQL's integer range fails the lookup.
    .transform((v) => (v ? (/^\d{1,9}$/.test(v) ? Number(v) : Number.NaN) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'validation.invalid_choice'),
});

export const commitSchema = z.object({ deactivate_absent: form.checkbox() });
