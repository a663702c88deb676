import { CUTI_TYPES, STATUSES } from '../../db/database';
import { valueLabel } from '../../i18n/status-label';
import type { Translate } from '../../i18n/t';
import { paging, type Page } from '../../lib/paging';
import { isManual, NOT_YET, startValue } from './evidence';
import type { ExpectedAttendee } from './expected';
import type { SavedRow } from './sessions.repository';

/*
 * The editable roll-call as a list that does not grow with the unit: the whole unit is ordered
 * with what needs attention first (rows to fix, planned absences, saved exceptions, flagged
 * people), searched by name or NIP, and cut into pages of ROLL_PAGE_SIZE (a phone screenful or
 * four: the page costs the same whatever the unit, so it must be light). The server draws one
 * page; the browser gets every row as compact data (rollData) and draws pages itself, so the
 * page costs the same for 20 people or 3,000. Counts cover the whole unit either way.
 */
export const ROLL_PAGE_SIZE = 25;

/** The statuses one tap away on every row; the rest sit behind "Lainnya". */
export const COMMON_VALUES = ['H', 'TL', 'S', 'I', 'DL', 'TK'] as const;
export const ALL_VALUES: string[] = STATUSES.flatMap((s) => (s === 'C' ? ['C', ...CUTI_TYPES.map((c) => `C:${c}`)] : [s]));
const OTHER_VALUES = ALL_VALUES.filter((v) => !(COMMON_VALUES as readonly string[]).includes(v));

export interface RollEntry {
  id: number;
  name: string;
  nip: string;
  /** What the row shows: the user's input, else the stored value, else the pre-filled one. */
  value: string;
  note: string;
  /** Why the row is near the top, in words; empty when it is not. */
  why: string;
  error: string | null;
  /** The value someone else saved meanwhile, when it differs from the user's (a 409). */
  savedLabel: string | null;
  /** The user's input differs from what is stored: not saved yet. */
  dirty: boolean;
  /** Under check-in: the check-in in words ("07:21 · mandiri"), '' without one; undefined when check-in is off. */
  checkIn?: string;
  /** Under check-in: what the evidence says ('H', 'TL'), or 'N' for no check-in; the browser marks manual rows with it. */
  evidence?: string;
  /** The value says otherwise than the evidence (evidence.ts isManual). */
  manual: boolean;
}

export interface ListInput {
  expected: ExpectedAttendee[];
  saved: Map<number, SavedRow>;
  flagged: Map<number, number>;
  statuses?: Map<number, string>;
  notes?: Map<number, string>;
  errors?: Record<string, string>;
  conflict?: boolean;
}

export const valueOf = (row: { status: string; cuti_type: string | null } | null | undefined) =>
  row ? (row.cuti_type ? `${row.status}:${row.cuti_type}` : row.status) : undefined;

const KNOWN = new Set(ALL_VALUES);

export function rollEntries(input: ListInput, t: Translate): RollEntry[] {
  const first: RollEntry[] = [];
  const rest: RollEntry[] = [];
  for (const e of input.expected) {
    const saved = input.saved.get(e.id);
    const stored = valueOf(saved) ?? valueOf(startValue(e)) ?? NOT_YET;
    const storedNote = saved?.note ?? '';
    const typed = input.statuses?.get(e.id);
    const value = typed && KNOWN.has(typed) ? typed : stored;
    const note = input.notes?.get(e.id) ?? storedNote;
    const error = input.errors?.[`attendance.${e.nip}`] ?? null;
    const savedLabel = input.conflict && saved && valueOf(saved) !== value ? valueLabel(t, valueOf(saved)!) : null;
    const why = reasons(e, saved, input.flagged.get(e.id), t);
    const entry: RollEntry = { id: e.id, name: e.name, nip: e.nip, value, note, why, error, savedLabel, dirty: value !== stored || note !== storedNote, manual: isManual(e, value) };
    if (e.checkIn !== undefined) Object.assign(entry, evidenceOf(e, t));
    (error || savedLabel || why ? first : rest).push(entry);
  }
  // Rows to fix come first, then those still "belum hadir", then the rest of what needs
  // attention; each group keeps the list's order.
  const rank = (e: RollEntry) => (e.error || e.savedLabel ? 0 : e.value === NOT_YET ? 1 : 2);
  first.sort((a, b) => rank(a) - rank(b));
  return [...first, ...rest];
}

/** The check-in of a row in words, and what it says the status is. */
function evidenceOf(e: ExpectedAttendee, t: Translate): { checkIn: string; evidence: string } {
  const c = e.checkIn;
  if (!c) return { checkIn: '', evidence: 'N' };
  const text = t('sessions.roll.checked_in', { time: c.time, method: t(`sessions.roll.method_${c.method}`) });
  return { checkIn: c.pending ? `${text} · ${t('sessions.roll.check_in_pending')}` : text, evidence: c.status };
}

function reasons(e: ExpectedAttendee, saved: SavedRow | undefined, tkCount: number | undefined, t: Translate): string {
  const out: string[] = [];
  if (!saved && startValue(e).status === NOT_YET) out.push(t('sessions.roll.why_not_yet'));
  if (e.checkIn?.pending) out.push(t('sessions.roll.why_pending'));
  if (e.absence) out.push(t('sessions.roll.why_planned', { status: valueLabel(t, valueOf(e.absence)!), ref: e.absence.document_ref }));
  else if (saved && saved.status !== 'H') out.push(t('sessions.roll.why_saved', { status: valueLabel(t, valueOf(saved)!) }));
  if (tkCount) out.push(t('sessions.roll.why_flagged', { n: tkCount }));
  return out.join(' · ');
}

/** The same search as the browser's: part of the name (any case) or of the NIP (spaces ignored). */
export function matchesQuery(entry: Pick<RollEntry, 'name' | 'nip'>, q: string): boolean {
  if (!q) return true;
  const text = q.toLocaleLowerCase('id');
  const digits = q.replace(/\s+/g, '');
  return entry.name.toLocaleLowerCase('id').includes(text) || (digits !== '' && entry.nip.includes(digits));
}

export interface RollView {
  shown: RollEntry[];
  matches: number;
  at: Page;
  counts: Record<string, number>;
  /** Rows the user changed that this page does not show: carried as hidden fields, so nothing typed is lost. */
  carried: RollEntry[];
}

/** The bar's count a value goes to: its status, or NOT_YET_KEY for "belum hadir". */
export const NOT_YET_KEY = 'BH';
const countKey = (value: string) => value.split(':')[0] || NOT_YET_KEY;

export function rollView(entries: RollEntry[], q: string, requestedPage: number): RollView {
  const matching = entries.filter((e) => matchesQuery(e, q));
  const at = paging(matching.length, ROLL_PAGE_SIZE, requestedPage);
  const shown = matching.slice(at.offset, at.offset + at.size);
  const onPage = new Set(shown.map((e) => e.id));
  const counts: Record<string, number> = Object.fromEntries([...STATUSES, NOT_YET_KEY].map((s) => [s, 0]));
  for (const e of entries) counts[countKey(e.value)]++;
  return { shown, matches: matching.length, at, counts, carried: entries.filter((e) => e.dirty && !onPage.has(e.id)) };
}

/**
 * Every row for the browser, as arrays to keep 3,000 rows small: [id, name, NIP, value, note,
 * why, dirty] and, only under check-in, [check-in in words, evidence]. `<` is escaped so the JSON
 * cannot end its <script type="application/json"> early.
 */
export function rollData(entries: RollEntry[], version: number): string {
  const rows = entries.map((e) => {
    const row = [e.id, e.name, e.nip, e.value, e.note, e.why, e.dirty ? 1 : 0];
    return e.evidence === undefined ? row : [...row, e.checkIn ?? '', e.evidence];
  });
  return JSON.stringify({ version, size: ROLL_PAGE_SIZE, rows }).replace(/</g, '\\u003c');
}

/** The status choices of a row, in words: the common ones as one tap each, the rest behind "Lainnya". */
export function statusChoices(t: Translate) {
  const choice = (value: string) => ({ value, label: valueLabel(t, value) });
  return { common: COMMON_VALUES.map(choice), others: OTHER_VALUES.map(choice) };
}

export const isCommonValue = (value: string) => (COMMON_VALUES as readonly string[]).includes(value);
