import { z } from 'zod';
import { CATEGORIES, type Category } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { fieldErrors, form } from '../../http/validate';
import { validateNip } from '../../lib/nip';

const id = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'validation.invalid_choice')
  .transform(Number);

const fields = {
  nip: z.string().max(60),
  name: form.text(150),
  gender: z.enum(['L', 'P']),
  category: z.enum(CATEGORIES),
  position: form.optionalText(150),
  rank: form.optionalText(60),
};

export const createEmployeeSchema = z.object({ ...fields, opd_id: id, active_from: form.date() });
export const updateEmployeeSchema = z.object(fields);
export type CreateEmployeeInput = z.infer<typeof createEmployeeSchema>;
export type UpdateEmployeeInput = z.infer<typeof updateEmployeeSchema>;

/**
 * Parses an employee form and checks the NIP against the category's layout and the gender
 * (lib/nip.ts) in the same pass, so every wrong field is reported at once. The NIP comes back
 * without spaces or dots. `today` bounds birth and TMT years.
 */
export function parseEmployee<S extends typeof createEmployeeSchema | typeof updateEmployeeSchema>(
  schema: S,
  input: unknown,
  today: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  const errors = result.success ? {} : fieldErrors(result.error);
  const raw = (input ?? {}) as Record<string, unknown>;
  const category = (CATEGORIES as readonly unknown[]).includes(raw.category) ? (raw.category as Category) : null;
  const gender = raw.gender === 'L' || raw.gender === 'P' ? raw.gender : null;
  let nip = '';
  if (!errors.nip && category) {
    const checked = validateNip(String(raw.nip ?? ''), category, gender, today);
    if (checked.ok) nip = checked.nip;
    else errors.nip = checked.error;
  } else if (!errors.nip && !String(raw.nip ?? '').trim()) {
    errors.nip = 'nip.required';
  }
  if (!result.success || Object.keys(errors).length) throw new ValidationError(errors);
  return { ...result.data, nip } as z.infer<S>;
}

/** Leaving the service: the first day the person is no longer in it (e.g. TMT pensiun). */
export const deactivateEmployeeSchema = z.object({
  reason: z.enum(['pensiun', 'berhenti', 'meninggal']),
  inactive_from: form.date(),
});

/** Mutasi: the new unit from the effective date; the old assignment ends the day before. */
export const transferSchema = z.object({ opd_id: id, effective_date: form.date() });

export const SORTS = ['name', '-name', 'nip', '-nip', 'opd', '-opd', 'category', '-category'] as const;
export type Sort = (typeof SORTS)[number];

/** The list's query string. Unknown values fall back to defaults: a bookmark never errors. */
export const listQuerySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  opd: z.string().trim().toUpperCase().max(20).catch(''),
  category: z.enum(CATEGORIES).or(z.literal('')).catch(''),
  status: z.enum(['active', 'inactive', 'all']).catch('active'),
  sort: z.enum(SORTS).catch('name'),
});
