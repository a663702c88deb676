import { z } from 'zod';
import { form } from '../../http/validate';

export const uploadSchema = z.object({
  effective_date: form.date(),
  scope_opd: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'validation.invalid_choice'),
});

export const commitSchema = z.object({ deactivate_absent: form.checkbox() });
