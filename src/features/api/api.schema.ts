import { z } from 'zod';
import { CATEGORIES } from '../../db/database';
import { ValidationError, type FieldErrors } from '../../http/errors';
import { fieldErrors, isRealDate } from '../../http/validate';
import { BadRequestError } from './api-errors';

/** Query parameters of the wrong form are a malformed request: 400 with a detail per parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = Object.entries(fieldErrors(result.error)).map(([path, message]) => ({ path, message }));
    throw new BadRequestError('api.errors.bad_query', details);
  }
  return result.data;
}

/**
 * The body: 422 like a refused form, one detail per field. A key the API does not know is named
 * itself ("submited"), not reported as a nameless problem of the whole object.
 */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'api.errors.unknown_field';
  }
  const rest = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
  if (rest.length) Object.assign(fields, fieldErrors(new z.ZodError(rest)));
  throw new ValidationError(fields);
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date').refine(isRealDate, 'validation.date');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'api.errors.month');
const code = z.string().trim().min(1).max(40);
const positive = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const EMPLOYEES_PAGE_SIZE = 100;

export const employeesQuery = z.object({
  opd: code.optional(),
  q: z.string().trim().max(100).optional(),
  category: z.enum(CATEGORIES).optional(),
  page: positive(1_000_000, 1),
  per_page: positive(500, EMPLOYEES_PAGE_SIZE),
});

export const complianceQuery = z
  .object({ week: date.optional(), month: month.optional(), opd: code.optional() })
  .refine((q) => !(q.week && q.month), { message: 'api.errors.week_or_month', path: ['week'] });

export const monthlyQuery = z.object({
  month: month.optional(),
  opd: code.optional(),
  category: z.enum(CATEGORIES).optional(),
  // An id: past PostgreSQL's integer range the keyset query itself would fail (a 500).
  after: z.coerce.number().int().positive().max(2 ** 31 - 1).optional(),
  limit: positive(500, 100),
});

/**
 * The body of PUT …/sessions/:date. Unknown keys are refused rather than ignored, so a typo
 * ("submited") is an error and not a silently unsubmitted roll-call. The session fields and
 * every roll-call rule are checked by the same service as the form.
 */
export const rollCallBody = z.strictObject({
  held: z.boolean(),
  not_held_kind: z.string().nullable().optional(),
  not_held_reason: z.string().nullable().optional(),
  mode: z.string().nullable().optional(),
  start_time: z.string().nullable().optional(),
  pembina: z.string().nullable().optional(),
  ikrar_reader: z.string().nullable().optional(),
  ikrar_version: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  submit: z.boolean().default(false),
  attendance: z
    .array(
      z.strictObject({
        nip: z.string().min(1).max(60),
        status: z.string().max(4),
        cuti_type: z.string().max(40).nullable().optional(),
        note: z.string().nullable().optional(),
      }),
    )
    .max(20_000)
    .default([]),
});
export type RollCallBody = z.infer<typeof rollCallBody>;

