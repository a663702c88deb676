import { z } from 'zod';
import { CUTI_TYPES, NOT_HELD_REASONS, SESSION_MODES, STATUSES, type Status } from '../../db/database';
import { ValidationError } from '../../http/errors';
import { form } from '../../http/validate';

/*
 * The session details of docs/DESIGN.md, "Sessions and the roll-call" as the service takes them (the JSON API parses the same
 * schema). A not-held session needs a reason kind and text; a held one a mode, a start time
 * and an ikrar text version, which the form pre-fills.
 */
const time = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'sessions.errors.time');

export const detailsSchema = z
  .object({
    held: z.boolean(),
    not_held_kind: z.enum(NOT_HELD_REASONS).nullable().optional().transform((v) => v ?? null),
    not_held_reason: form.optionalText(500),
    mode: z.enum(SESSION_MODES).nullable().optional().transform((v) => v ?? null),
    start_time: time.nullable().optional().transform((v) => v ?? null),
    pembina: form.optionalText(120),
    ikrar_reader: form.optionalText(120),
    ikrar_version: form.optionalText(40),
    location: form.optionalText(200),
    notes: form.optionalText(1000),
  })
  .superRefine((d, ctx) => {
    const need = (path: string) => ctx.addIssue({ code: 'custom', path: [path], message: 'validation.required' });
    if (!d.held) {
      if (!d.not_held_kind) need('not_held_kind');
      if (!d.not_held_reason) need('not_held_reason');
      return;
    }
    if (!d.mode) need('mode');
    if (!d.start_time) need('start_time');
    if (!d.ikrar_version) need('ikrar_version');
  });

export type SessionDetails = z.infer<typeof detailsSchema>;

/** One roll-call row: by employee id (the form) or NIP (imports, the API). */
export interface AttendanceInput {
  employeeId?: number;
  nip?: string;
  status: string;
  cutiType?: string | null;
  note?: string | null;
}

export function isStatus(v: string): v is Status {
  return (STATUSES as readonly string[]).includes(v);
}

export function isCutiType(v: string): boolean {
  return (CUTI_TYPES as readonly string[]).includes(v);
}

/* HTML forms send '' for an empty select: turn blanks into null before the schema sees them. */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/**
 * The details part of the session form (radio held=1/0, text fields). A form without `held`
 * means held; any other value goes on as it came, so the schema refuses it instead of reading
 * it as "held".
 */
export function detailsFromForm(body: Record<string, unknown>): unknown {
  return {
    held: body.held === undefined || body.held === '1' ? true : body.held === '0' ? false : body.held,
    not_held_kind: blankToNull(body.not_held_kind),
    not_held_reason: body.not_held_reason ?? '',
    mode: blankToNull(body.mode),
    start_time: blankToNull(body.start_time),
    pembina: body.pembina ?? '',
    ikrar_reader: body.ikrar_reader ?? '',
    ikrar_version: body.ikrar_version ?? '',
    location: body.location ?? '',
    notes: body.notes ?? '',
  };
}

/**
 * Values of fields named `name[<id>]`. urlencoded (extended: false) keeps the literal key;
 * multer nests it into an object or a sparse array: all three shapes are read here.
 */
export function fieldMap(body: Record<string, unknown>, name: string): Map<number, string> {
  const out = new Map<number, string>();
  // A repeated field (an array) or a nested one is not a value: kept as empty, so a status is
  // refused as missing and named, rather than left out and the row kept as it was.
  const put = (k: string, v: unknown) => {
    const id = Number(k);
    if (Number.isInteger(id) && id > 0) out.set(id, typeof v === 'string' ? v : '');
  };
  const nested = body[name];
  // Object.entries, not forEach: a sparse array from multer visits only the indexes present.
  if (nested && typeof nested === 'object') for (const [k, v] of Object.entries(nested)) put(k, v);
  const re = new RegExp(`^${name}\\[(\\d+)\\]$`);
  for (const [k, v] of Object.entries(body)) {
    const m = re.exec(k);
    if (m) put(m[1], v);
  }
  return out;
}

/**
 * The roll-call part of the form: `status[<id>]` holds a status code, or `C:<cuti type>` (one
 * radio group per row carries both, so the form needs no script), and `note[<id>]` an optional
 * note. The form sends only the rows it showed (see mergeRollCall); a row without its note field
 * keeps the stored note (undefined), an empty note field clears it.
 */
export function attendanceFromForm(body: Record<string, unknown>): AttendanceInput[] {
  const notes = fieldMap(body, 'note');
  return [...fieldMap(body, 'status')].map(([employeeId, value]) => {
    const [status, cutiType] = value.split(':');
    return { employeeId, status, cutiType: cutiType || null, note: notes.has(employeeId) ? notes.get(employeeId) : undefined };
  });
}

/**
 * The form's buttons send action=draft, submit, save or rest_tk (under check-in: everyone still
 * "belum hadir" becomes TK, saved as a draft); no action: not a submission. Anything else is
 * refused, not guessed.
 */
export function checkAction(body: Record<string, unknown>): void {
  if (body.action !== undefined && !['draft', 'submit', 'save', 'rest_tk'].includes(body.action as string)) {
    throw new ValidationError({ action: 'validation.invalid_choice' });
  }
}

/*
 * Moving through the roll-call without JavaScript: the search and page buttons belong to the
 * session form (`go=search`, `go=page:<n>`), so the rows on screen are saved in the draft before
 * the next page is shown. Anything else is not a move.
 */
export type RollMove = { page: number } | null;

export function rollMoveOf(body: Record<string, unknown>): RollMove {
  const go = typeof body.go === 'string' ? body.go : '';
  if (go === 'search') return { page: 1 };
  const m = /^page:(\d{1,6})$/.exec(go);
  return m ? { page: Math.max(1, Number(m[1])) } : null;
}

export const correctionRequestSchema = z.object({ reason: form.text(1000) });
export const decisionSchema = z.object({ note: form.optionalText(1000) });
export const rejectionSchema = z.object({ note: form.text(1000) });
export const verdictSchema = z.object({ verdict: z.enum(['accept', 'reject', 'clear']) });

/** The read-only roll-call's filter (a GET form). Unknown values fall back: a bookmark never errors. */
export const rollFilterSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  status: z.enum(STATUSES).or(z.literal('')).catch(''),
});
export type RollFilter = z.infer<typeof rollFilterSchema>;
