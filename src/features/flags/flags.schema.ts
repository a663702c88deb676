import { z } from 'zod';
import { CATEGORIES, CUTI_TYPES } from '../../db/database';
import { form } from '../../http/validate';
import { STEP_ORDER, type Step } from '../compliance/rules';

const year = z.coerce.number().int().min(2000).max(2200);

/** GET /flags filters; anything unknown falls back to "all", never to an error page. */
export const flagFilterSchema = z.object({
  year: year.optional().catch(undefined),
  status: z.enum(['open', 'closed', 'all']).catch('open').default('open'),
  opd: z.string().trim().max(40).optional().catch(undefined),
  step: z.enum(STEP_ORDER as unknown as [string, ...string[]]).optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
});

export const flagParamsSchema = z.object({
  nip: z.string().trim().min(1).max(40),
  year,
});

const STEPS_TAKEN = STEP_ORDER as unknown as [Step, ...Step[]];
/** Steps that go on file with a letter: every one past a verbal reprimand. */
const WITH_LETTER = new Set<string>(STEP_ORDER.slice(STEP_ORDER.indexOf('teguran_tertulis')));

/** A step taken; written steps need the letter's number and date (they go on file). */
export const followUpSchema = z
  .object({
    step: z.enum(STEPS_TAKEN),
    letter_number: form.optionalText(100),
    letter_date: form.optionalDate(),
    note: form.optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (!WITH_LETTER.has(v.step)) return;
    if (!v.letter_number) ctx.addIssue({ code: 'custom', path: ['letter_number'], message: 'flags.errors.letter_required' });
    if (!v.letter_date) ctx.addIssue({ code: 'custom', path: ['letter_date'], message: 'flags.errors.letter_required' });
  });
export type FollowUpInput = z.infer<typeof followUpSchema>;

export const EXCUSED_STATUSES = ['DL', 'S', 'I', 'C'] as const;

/** "Alasan diterima" for one TK Monday: the excused status it becomes and why. */
export const excuseSchema = z.object({
  pledge_date: form.date(),
  new_status: z.enum(EXCUSED_STATUSES),
  cuti_type: z
    .enum(CUTI_TYPES)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((v) => v ?? null),
  note: form.text(1000),
  letter_number: form.optionalText(100),
  letter_date: form.optionalDate(),
});
export type ExcuseInput = z.infer<typeof excuseSchema>;

export const letterQuerySchema = z.object({
  follow_up: z.coerce.number().int().positive().max(2 ** 31 - 1).optional().catch(undefined),
  step: z.enum(STEPS_TAKEN).optional().catch(undefined),
});
