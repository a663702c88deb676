import { z } from 'zod';
import { form } from '../../http/validate';

/** The /audit filters; every one optional. */
export const auditFilterSchema = z.object({
  entity: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z_]*$/, 'validation.invalid_choice')
    .optional()
    .transform((v) => v || null),
  from: form.optionalDate(),
  to: form.optionalDate(),
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
