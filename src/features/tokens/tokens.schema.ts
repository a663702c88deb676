import { z } from 'zod';
import { STAFF_ROLES } from '../../db/database';
import { form } from '../../http/validate';
import { needsUnit } from '../../policy';

export const createTokenSchema = z
  .object({
    name: form.text(100),
    role: z.enum(STAFF_ROLES),
    opd_id: form.optionalId(),
  })
  .superRefine((v, ctx) => {
    if (needsUnit(v.role) && v.opd_id === null) ctx.addIssue({ code: 'custom', path: ['opd_id'], message: 'tokens.errors.opd_required' });
  })
  // A token scoped to one OPD only makes sense for a unit-bound role; the others read everything.
  .transform((v) => ({ ...v, opd_id: needsUnit(v.role) ? v.opd_id : null }));

export type CreateTokenInput = z.infer<typeof createTokenSchema>;
