import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../lib/password';
import { isCommonPassword } from '../../lib/common-passwords';

export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `validation.password_short|${MIN_PASSWORD_LENGTH}`)
  .max(200)
  .refine((p) => !isCommonPassword(p), 'validation.password_common');

export const passwordSchema = z
  .object({
    current: z.string().min(1).max(200),
    password: newPassword,
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.password_mismatch' });

/** The first password of an account made by single sign-on: there is no current one to give. */
export const firstPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.password_mismatch' });

export const languageSchema = z.object({ language: z.enum(['id', 'en']) });
