import { z } from 'zod';
import { CATEGORIES } from '../../db/database';

/** HTML forms and links send '' for an unset filter; treat it as absent. */
const blank = (v: unknown) => (v === '' ? undefined : v);

export const REPORT_FORMATS = ['html', 'xlsx', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const monthlyQuerySchema = z.object({
  month: z.preprocess(blank, z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'reports.errors.month').optional()),
  opd: z.preprocess(blank, z.string().trim().max(40).optional()),
  category: z.preprocess(blank, z.enum(CATEGORIES).optional()),
  format: z.preprocess(blank, z.enum(REPORT_FORMATS).default('html')),
  /**
   * Keyset cursor of the employee table: the id of the last row of the previous page. Cursors
   * come from the paging links, not from a field: a mangled one means the first page, as a
   * mangled ?page= does on the other lists (it had no field to show a message beside).
   */
  after: z.preprocess(blank, z.coerce.number().int().positive().max(2 ** 31 - 1).optional()).catch(undefined),
  /** ...or the id of the first row of the next page, to page backwards. */
  before: z.preprocess(blank, z.coerce.number().int().positive().max(2 ** 31 - 1).optional()).catch(undefined),
});
export type MonthlyQuery = z.infer<typeof monthlyQuerySchema>;

export const historyQuerySchema = z.object({
  year: z.preprocess(blank, z.coerce.number().int().min(2000, 'reports.errors.year').max(2100, 'reports.errors.year').optional()),
});
