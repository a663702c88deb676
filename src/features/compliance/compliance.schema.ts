import { z } from 'zod';
import { isRealDate } from '../../http/validate';
import { PERIOD_KINDS } from './period';

/** ?period=week|month|year&date=YYYY-MM-DD; both optional (this week by default). */
export const periodQuerySchema = z.object({
  period: z.enum(PERIOD_KINDS).optional(),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
    .refine(isRealDate, 'validation.date')
    .optional(),
});
