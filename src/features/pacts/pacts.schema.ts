import { z } from 'zod';
import { form } from '../../http/validate';

/** A pact as the administrator writes it: the period is inclusive, local dates. */
export const pactSchema = z
  .object({
    title: form.text(200),
    body: form.text(20_000),
    valid_from: form.date(),
    valid_to: form.date(),
  })
  .refine((v) => v.valid_to >= v.valid_from, { path: ['valid_to'], message: 'pacts.errors.period' });

export type PactInput = z.infer<typeof pactSchema>;

/** The confirmation: the box ticked, and the fingerprint of the text the employee read. */
export const signSchema = z.object({
  agree: form.checkbox(),
  text_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const idSchema = z.string().regex(/^\d{1,9}$/).transform(Number);
