import { z } from 'zod';
import { CUTI_TYPES, PLANNED_STATUSES } from '../../db/database';
import { form, isRealDate, noControlChars } from '../../http/validate';
import { normalizeNip } from '../../lib/nip';

/** A cuti type from a form's select: empty is none. Shared with the employees' own requests. */
export const cutiTypeField = z
  .union([z.enum(CUTI_TYPES), z.literal('')])
  .optional()
  .transform((v) => v || null);

/** Register one planned absence (docs/DESIGN.md, "Sessions and the roll-call"). The cuti type only means something for C. */
export const absenceSchema = z
  .object({
    nip: z.string().trim().min(1).max(40).refine(noControlChars, 'validation.control_chars').transform(normalizeNip),
    status: z.enum(PLANNED_STATUSES),
    cuti_type: cutiTypeField,
    start_date: form.date(),
    end_date: form.date(),
    document_ref: form.text(100),
    note: form.optionalText(500),
  })
  .refine((v) => v.end_date >= v.start_date, { path: ['end_date'], message: 'absences.errors.end_before_start' })
  .transform((v) => ({ ...v, cuti_type: v.status === 'C' ? v.cuti_type : null }));
export type AbsenceInput = z.infer<typeof absenceSchema>;

const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v) ? v : null));

/** A repeated key (?q=a&q=b) arrives as an array: unreadable, so dropped (it was a 500). */
const onlyStrings = (q: unknown) =>
  Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'));

/** List filters from the query string: anything unreadable is dropped, never an error page. */
export const listQuerySchema = z.preprocess(onlyStrings, z.object({
  opd: z
    .string()
    .optional()
    .transform((v) => (v ? v.trim().toUpperCase() : null)),
  status: z
    .string()
    .optional()
    .transform((v) => ((PLANNED_STATUSES as readonly string[]).includes(v ?? '') ? (v as (typeof PLANNED_STATUSES)[number]) : null)),
  date: optionalDate,
  q: z
    .string()
    .optional()
    .transform((v) => (v ? v.trim().slice(0, 60) : null)),
  show: z
    .string()
    .optional()
    .transform((v) => (v === 'all' || v === 'cancelled' ? v : 'current')),
  page: z
    .string()
    .optional()
    .transform((v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
    }),
}));
export type ListQuery = z.infer<typeof listQuerySchema>;

// Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
export const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
