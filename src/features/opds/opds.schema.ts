import { z } from 'zod';
import { OPD_KINDS } from '../../db/database';
import { form } from '../../http/validate';

/** OPD codes are short, upper case and used in URLs (DESIGN §9). */
export const opdCode = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{2,20}$/, 'opds.errors.code_format');

const optionalId = z
  .string()
  .trim()
  .optional()
  // Digits only, as in employees.schema: Number() would read "0x10" or "1e3", and an id past
  // PostgreSQL's integer range makes the lookup itself fail (a 500, not a message).
  .transform((v) => (v ? (/^\d{1,9}$/.test(v) ? Number(v) : Number.NaN) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'validation.invalid_choice');

const fields = {
  name: form.text(150),
  kind: z.enum(OPD_KINDS),
  parent_id: optionalId,
  active_from: form.date(),
};

export const createOpdSchema = z.object({ code: opdCode(), ...fields });
export const updateOpdSchema = z.object(fields);
/** The first day the unit no longer exists; it owes no session from that day. */
export const deactivateOpdSchema = z.object({ inactive_from: form.date() });

export type CreateOpdInput = z.infer<typeof createOpdSchema>;
export type UpdateOpdInput = z.infer<typeof updateOpdSchema>;
