import { z } from 'zod';
import { form } from '../../http/validate';
import { newPassword } from '../account/account.schema';

const id = z.string().regex(/^\d{1,9}$/).transform(Number);

/** Everyone without an active account, or the people ticked in the list. */
export const issueSchema = z
  .object({
    scope: z.enum(['all', 'chosen']),
    employees: z.union([id, z.array(id).max(20000)]).optional(),
  })
  .transform((v) => (v.scope === 'all' ? ('without_account' as const) : [v.employees ?? []].flat()));

/**
 * A batch sent back from its slips page: "NIP:CODE;NIP:CODE…" (one hidden field; a newline
 * would not survive in an input's value).
 */
export const batchSchema = z.object({
  batch: z
    .string()
    .max(400_000)
    .transform((text) =>
      text
        .split(';')
        .map((entry) => entry.trim().split(':'))
        .filter((parts) => parts.length === 2)
        .map(([nip, code]) => ({ nip, code })),
    ),
});

/** The activation form: NIP and code (from the slip or its QR link), and the new password twice. */
export const activateSchema = z
  .object({
    nip: form.text(40),
    kode: form.text(30),
    password: newPassword,
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.password_mismatch' });
