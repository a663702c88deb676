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

const fields = {
  name: form.text(150),
  kind: z.enum(OPD_KINDS),
  parent_id: form.optionalId(),
  active_from: form.date(),
};

export const createOpdSchema = z.object({ code: opdCode(), ...fields });
export const updateOpdSchema = z.object(fields);
/** The first day the unit no longer exists; it owes no session from that day. */
export const deactivateOpdSchema = z.object({ inactive_from: form.date() });

export type CreateOpdInput = z.infer<typeof createOpdSchema>;
export type UpdateOpdInput = z.infer<typeof updateOpdSchema>;
