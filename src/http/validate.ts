import { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors';

/*
 * zod issues become i18n keys with variables, so messages read naturally in Indonesian
 * and English. A schema's own message (refine, custom) should already be an i18n key.
 */
function messageOf(issue: z.core.$ZodIssue): string {
  // A schema's own message (`z.string().min(10, 'validation.password_short|10')`) wins.
  if (/^[a-z_]+\.[a-z_.]+(\|.*)?$/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'validation.required';
      return issue.origin === 'string' ? `validation.too_short|${issue.minimum}` : `validation.too_small|${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `validation.too_long|${issue.maximum}` : `validation.too_big|${issue.maximum}`;
    case 'invalid_value':
      return 'validation.invalid_choice';
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'validation.required' : 'validation.invalid_type';
    case 'invalid_format':
      return issue.format === 'regex' && issue.message && !issue.message.startsWith('Invalid')
        ? issue.message
        : `validation.invalid_format`;
    default:
      return issue.message.startsWith('Invalid') ? 'validation.invalid' : issue.message;
  }
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : '_';
    out[field] ??= messageOf(issue);
  }
  return out;
}

/** Parses or throws a ValidationError whose fields carry i18n keys ("key|var" for one variable). */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}

/*
 * C0 control characters other than tab and line breaks: nobody types them, they break CSV and
 * XLSX exports, and PostgreSQL refuses NUL in text outright (a 500 instead of a message).
 */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const noControlChars = (v: string) => !CONTROL_CHARS.test(v);

/** Form helpers: HTML forms send empty strings for blank fields. */
export const form = {
  text: (max = 200) => z.string().trim().min(1).max(max).refine(noControlChars, 'validation.control_chars'),
  optionalText: (max = 200) =>
    z
      .string()
      .trim()
      .max(max)
      .refine(noControlChars, 'validation.control_chars')
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  date: () => z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date').refine(isRealDate, 'validation.date'),
  optionalDate: () =>
    z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v)), 'validation.date'),
  checkbox: () => z.union([z.literal('1'), z.literal('on'), z.literal('')]).optional().transform((v) => (v ? 1 : 0)),
  /**
   * An optional record id from a select: digits only, since Number() would read "0x10" or
   * "1e3", and an id past PostgreSQL's integer range would make the lookup itself fail.
   */
  optionalId: () =>
    z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? (/^\d{1,9}$/.test(v) ? Number(v) : Number.NaN) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'validation.invalid_choice'),
};

export function isRealDate(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** Turns the "key|n" messages above into the user's language. */
export function translateMessage(tr: (key: string, vars?: Record<string, unknown>) => string, message: string): string {
  const [key, n] = message.split('|');
  return tr(key, n === undefined ? {} : { n });
}

export function translateErrors(
  tr: (key: string, vars?: Record<string, unknown>) => string,
  errors: FieldErrors,
): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translateMessage(tr, v)]));
}
