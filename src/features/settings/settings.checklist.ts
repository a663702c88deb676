import type { Translate } from '../../i18n/t';
import { DEFAULT_SETTINGS, LADDER_TEMPLATE_BASIS, type Settings } from './settings.defaults';

/*
 * The shipped letterhead, signer and legal-basis texts are samples. Until a Pemda replaces them,
 * admin and hr see a checklist, and every report prints a marked blank instead of the sample,
 * so no signed document carries an invented name, NIP or regulation.
 */

/** Settings whose shipped value is a sample, never a real one. */
const PLACEHOLDER_KEYS = ['pemda_name', 'agency_address', 'signer_place', 'signer_name', 'signer_nip', 'tpp_legal_basis'] as const;
type PlaceholderKey = (typeof PLACEHOLDER_KEYS)[number];

export type ChecklistItem = 'letterhead' | 'signer' | 'ladder_basis' | 'tpp_rule';

const ITEM_KEYS: Record<Exclude<ChecklistItem, 'ladder_basis'>, PlaceholderKey[]> = {
  letterhead: ['pemda_name', 'agency_address', 'signer_place'],
  signer: ['signer_name', 'signer_nip'],
  tpp_rule: ['tpp_legal_basis'],
};

const isPlaceholder = (s: Settings, key: PlaceholderKey) => s[key] === DEFAULT_SETTINGS[key];

/** What still holds a shipped sample, in the order the settings page asks for it. */
export function setupChecklist(s: Settings): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  if (ITEM_KEYS.letterhead.some((k) => isPlaceholder(s, k))) items.push('letterhead');
  if (ITEM_KEYS.signer.some((k) => isPlaceholder(s, k))) items.push('signer');
  if ([...s.ladder_pns, ...s.ladder_pppk].some((r) => r.basis === LADDER_TEMPLATE_BASIS)) items.push('ladder_basis');
  if (ITEM_KEYS.tpp_rule.some((k) => isPlaceholder(s, k))) items.push('tpp_rule');
  return items;
}

const SECTION: Record<ChecklistItem, string> = { letterhead: 's-letter', signer: 's-letter', ladder_basis: 's-ladder_pns', tpp_rule: 's-tpp' };

/** The checklist as links to the settings page sections that fill each item in. */
export function checklistView(items: ChecklistItem[]) {
  return items.map((code) => ({ code, href: `/settings#${SECTION[code]}` }));
}

/** "[belum diisi: dasar hukum TPP]": what a document prints where a value is still a sample. */
export function blankMark(t: Translate, what: string): string {
  return t('settings.checklist.blank', { what: t(`settings.checklist.fields.${what}`) });
}

/**
 * The settings a document prints: every sample value replaced by its marked blank, and each
 * template ladder basis likewise. Figures and rules are untouched.
 */
export function printableSettings(s: Settings, t: Translate): Settings {
  const out: Settings = { ...s };
  for (const key of PLACEHOLDER_KEYS) if (isPlaceholder(s, key)) out[key] = blankMark(t, key);
  const mark = (rungs: Settings['ladder_pns']) =>
    rungs.map((r) => (r.basis === LADDER_TEMPLATE_BASIS ? { ...r, basis: blankMark(t, 'ladder_basis') } : r));
  out.ladder_pns = mark(s.ladder_pns);
  out.ladder_pppk = mark(s.ladder_pppk);
  return out;
}
