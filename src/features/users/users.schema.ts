import { z } from 'zod';
import { STAFF_ROLES, type Role } from '../../db/database';
import { form } from '../../http/validate';
import { needsUnit } from '../../policy';

const account = {
  display_name: form.text(100),
  email: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || z.email().safeParse(v).success, 'users.errors.email'),
  role: z.enum(STAFF_ROLES),
  opd_id: form.optionalId(),
};

/** An account of a unit-bound role (opd) belongs to exactly one OPD; the other roles to none. */
function opdForRole<T extends { role: Role; opd_id: number | null }>(v: T, ctx: z.RefinementCtx) {
  if (needsUnit(v.role) && v.opd_id === null) ctx.addIssue({ code: 'custom', path: ['opd_id'], message: 'users.errors.opd_required' });
}
const clearOpd = <T extends { role: Role; opd_id: number | null }>(v: T): T => ({ ...v, opd_id: needsUnit(v.role) ? v.opd_id : null });

export const createUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{3,50}$/, 'users.errors.username_format'),
    ...account,
  })
  .superRefine(opdForRole)
  .transform(clearOpd);

export const updateUserSchema = z.object(account).superRefine(opdForRole).transform(clearOpd);

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
