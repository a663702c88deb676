import { z } from 'zod';
import { CATEGORIES, type Category } from '../../db/database';
import { ValidationError, type FieldErrors } from '../../http/errors';
import { fieldErrors, form, noControlChars } from '../../http/validate';
import { normalizeNip, validateNip } from '../../lib/nip';
import { STEP_LEVEL, STEP_ORDER } from '../compliance/rules';
import type { IkrarText, LadderStep, Settings } from './settings.defaults';

/*
 * The settings form is flat (urlencoded, not nested): ladder rows are ladder_pns_step_0,
 * ladder_pns_total_0, ladder_pns_streak_0, ladder_pns_basis_0 …; ikrar texts ikrar_version_0,
 * ikrar_text_0 …; TPP per category tpp_percent_PNS, tpp_percent_PPPK_PW ….
 * Errors are keyed by those field names so each message sits beside its field.
 */
export const LADDER_ROWS = 6;

const time = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'settings.errors.time');
// People type "92,5" as often as "92.5"; an empty field is missing, not zero. Number() alone
// would also read "0x10" or "1e1", which nobody means as a percentage.
const decimal = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return undefined;
  return /^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
};
const percent = z.preprocess(decimal, z.number().min(0).max(100));

const scalars = z
  .object({
    rate_amber: percent.refine((v) => v > 0, 'settings.errors.rate'),
    rate_red: percent.refine((v) => v > 0, 'settings.errors.rate'),
    tpp_legal_basis: form.text(500),
    deadline_days_after: z.preprocess(decimal, z.number().int('validation.invalid_type').min(0).max(10)),
    deadline_time: time,
    apel_start_time: time,
    holiday_policy: z.enum(['skip', 'next_working_day']),
    virtual_counts: form.checkbox(),
    categories_required: z
      .union([z.enum(CATEGORIES), z.array(z.enum(CATEGORIES))])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .refine((v) => v.length > 0, 'settings.errors.categories'),
    pemda_name: form.text(200),
    agency_name: form.text(200),
    agency_address: form.text(300),
    signer_place: form.text(100),
    signer_title: form.text(200),
    signer_name: form.text(200),
    signer_rank: form.optionalText(100).transform((v) => v ?? ''),
    // Pasted as printed ("NIP. 19700101 200003 1 001") it is still the same 18 digits.
    signer_nip: z
      .string()
      .transform(normalizeNip)
      // 18 digits that are a NIP: a real birth date and TMT (it is printed on every letter).
      .pipe(z.string().regex(/^\d{18}$/, 'settings.errors.nip').refine((v) => validateNip(v, 'PNS').ok, 'settings.errors.nip')),
    csv_separator: z.enum([';', ',']),
    letter_signer: z.enum(['unit_head', 'superior', 'bkd']),
    start_date: form.optionalDate().transform((v) => v ?? ''),
    activation_code_days: z.preprocess(decimal, z.number().int('validation.invalid_type').min(1).max(90)),
    pegawai_session_days: z.preprocess(decimal, z.number().int('validation.invalid_type').min(1).max(365)),
    // Check-in (docs/DESIGN.md, "Employees, check-in and events"); a form from before these
    // fields keeps the grace as it is.
    check_in_grace_minutes: z.preprocess(decimal, z.number().int('validation.invalid_type').min(0).max(120).optional()),
    geofence_refuse: form.checkbox(),
  })
  .superRefine((v, ctx) => {
    if (v.rate_red >= v.rate_amber) ctx.addIssue({ code: 'custom', path: ['rate_red'], message: 'settings.errors.red_below_amber' });
  });

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function count(raw: string, key: string, errors: FieldErrors, max: number): number | null {
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    errors[key] = `validation.too_big|${max}`;
    if (Number.isInteger(n) && n < 1) errors[key] = 'validation.too_small|1';
    if (!Number.isInteger(n)) errors[key] = 'validation.invalid_type';
    return null;
  }
  return n;
}

/** Rows with a step become rungs, ordered mildest first; each needs a condition. */
export function parseLadder(body: Body, name: 'ladder_pns' | 'ladder_pppk', errors: FieldErrors): LadderStep[] {
  const rungs: LadderStep[] = [];
  for (let i = 0; i < LADDER_ROWS; i++) {
    // A repeated field is not a blank step (which would silently drop the rung).
    if (!['string', 'undefined'].includes(typeof body[`${name}_step_${i}`])) {
      errors[`${name}_step_${i}`] = 'validation.invalid_type';
      continue;
    }
    const step = str(body[`${name}_step_${i}`]);
    if (!step) continue;
    if (!(STEP_ORDER as readonly string[]).includes(step)) {
      errors[`${name}_step_${i}`] = 'validation.invalid_choice';
      continue;
    }
    if (rungs.some((r) => r.step === step)) errors[`${name}_step_${i}`] = 'settings.errors.duplicate_step';
    const minTotal = count(str(body[`${name}_total_${i}`]), `${name}_total_${i}`, errors, 99);
    const minStreak = count(str(body[`${name}_streak_${i}`]), `${name}_streak_${i}`, errors, 52);
    const basis = rungBasis(body[`${name}_basis_${i}`], `${name}_basis_${i}`, errors);
    if (minTotal == null && minStreak == null && !errors[`${name}_total_${i}`] && !errors[`${name}_streak_${i}`]) {
      errors[`${name}_total_${i}`] = 'settings.errors.rung_condition';
    }
    const known = step as LadderStep['step'];
    rungs.push({ step: known, level: STEP_LEVEL[known], basis, minTotal, minStreak });
  }
  if (!rungs.length) errors[name] = 'settings.errors.ladder_empty';
  rungs.sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step));
  // A harsher step that needs fewer TK than a milder one would never let the milder one show.
  for (let i = 1; i < rungs.length; i++) {
    const prev = rungs.slice(0, i).map((r) => r.minTotal).filter((n): n is number => n != null);
    const total = rungs[i].minTotal;
    if (total != null && prev.some((p) => p > total)) errors[name] = 'settings.errors.ladder_order';
  }
  return rungs;
}

/** The rule a rung applies (a Perkada/Perbup article): printed on the letter, so required. */
function rungBasis(raw: unknown, key: string, errors: FieldErrors): string {
  const basis = typeof raw === 'string' ? raw.trim() : '';
  if (!basis) errors[key] = 'validation.required';
  else if (basis.length > 300) errors[key] = 'validation.too_long|300';
  else if (!noControlChars(basis)) errors[key] = 'validation.control_chars';
  return basis;
}

const tppPercent = z.preprocess(
  decimal,
  z.number().min(0).max(100).refine((v) => Math.round(v * 100) === v * 100, 'settings.errors.two_decimals').optional(),
);

/** TPP cut per TK for each category; a blank field means no cut applies to that category. */
export function parseTppByCategory(body: Body, errors: FieldErrors): Record<Category, number | null> {
  const out = {} as Record<Category, number | null>;
  for (const c of CATEGORIES) {
    const result = tppPercent.safeParse(body[`tpp_percent_${c}`]);
    if (!result.success) errors[`tpp_percent_${c}`] = fieldErrors(result.error)._;
    out[c] = result.success && result.data !== undefined ? result.data : null;
  }
  return out;
}

/** Existing versions stay (past sessions name them); one new version may be added. */
export function parseIkrarTexts(body: Body, current: IkrarText[], errors: FieldErrors): IkrarText[] {
  const out: IkrarText[] = [];
  for (let i = 0; i <= current.length; i++) {
    const version = i < current.length ? current[i].version : str(body[`ikrar_version_${i}`]);
    const text = typeof body[`ikrar_text_${i}`] === 'string' ? (body[`ikrar_text_${i}`] as string).replace(/\r\n/g, '\n').trim() : '';
    if (i === current.length && !version && !text) break;
    if (!/^[A-Za-z0-9._-]{1,20}$/.test(version)) errors[`ikrar_version_${i}`] = 'settings.errors.version';
    else if (out.some((t) => t.version === version)) errors[`ikrar_version_${i}`] = 'settings.errors.duplicate_version';
    if (!text) errors[`ikrar_text_${i}`] = 'validation.required';
    else if (text.length > 4000) errors[`ikrar_text_${i}`] = 'validation.too_long|4000';
    else if (!noControlChars(text)) errors[`ikrar_text_${i}`] = 'validation.control_chars';
    out.push({ version, text });
  }
  return out;
}

/** The whole form to settings values, or a ValidationError naming every bad field. */
export function parseSettingsForm(body: Body, current: Settings): Partial<Settings> {
  const result = scalars.safeParse(body);
  const errors: FieldErrors = result.success ? {} : fieldErrors(result.error);
  const ladder_pns = parseLadder(body, 'ladder_pns', errors);
  const ladder_pppk = parseLadder(body, 'ladder_pppk', errors);
  const ikrar_texts = parseIkrarTexts(body, current.ikrar_texts, errors);
  const tpp_percent_by_category = parseTppByCategory(body, errors);
  if (!result.success || Object.keys(errors).length) throw new ValidationError(errors);
  const v = result.data;
  return {
    ...v,
    rate_amber: v.rate_amber / 100,
    rate_red: v.rate_red / 100,
    virtual_counts: v.virtual_counts === 1,
    check_in_grace_minutes: v.check_in_grace_minutes ?? current.check_in_grace_minutes,
    geofence_refuse: v.geofence_refuse === 1,
    ladder_pns,
    ladder_pppk,
    ikrar_texts,
    tpp_percent_by_category,
  };
}
