import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../config';

/*
 * One translation helper for every user-facing string. Dictionaries live in
 * src/i18n/<lang>/<namespace>.json, so each feature keeps its own file and the key
 * `employees.list.title` is `list.title` in employees.json.
 */
type Dict = Map<string, string>;
const dictionaries = new Map<Language, Dict>();

function flatten(prefix: string, value: unknown, into: Dict): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(`${prefix}.${k}`, v, into);
}

function load(lang: Language): Dict {
  const dir = path.join(__dirname, lang);
  const dict: Dict = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    flatten(path.basename(file, '.json'), data, dict);
  }
  return dict;
}

export function dictionary(lang: Language): Dict {
  let dict = dictionaries.get(lang);
  if (!dict) {
    dict = load(lang);
    dictionaries.set(lang, dict);
  }
  return dict;
}

/*
 * Plurals: a key whose value is an object of CLDR plural categories ({ "one": …, "other": … })
 * picks its form by the count in `{n}` (or `{count}`), with Intl.PluralRules of the language.
 * Indonesian has no plural form, so its dictionaries keep a plain string for the same key.
 */
const PLURAL_FORM = /\.(zero|one|two|few|many|other)$/;
const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralForm(lang: Language, dict: Dict, key: string, vars: Record<string, unknown>): string | undefined {
  if (!dict.has(`${key}.other`)) return undefined;
  const count = Number(vars.n ?? vars.count);
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const form = Number.isFinite(count) ? rules.select(count) : 'other';
  return dict.get(`${key}.${form}`) ?? dict.get(`${key}.other`);
}

function lookup(lang: Language, key: string, vars: Record<string, unknown>): string | undefined {
  const dict = dictionary(lang);
  return dict.get(key) ?? pluralForm(lang, dict, key, vars);
}

/** A dictionary's keys with plural forms folded into their key: what both languages must share. */
export function baseKeys(lang: Language): Set<string> {
  return new Set([...dictionary(lang).keys()].map((k) => k.replace(PLURAL_FORM, '')));
}

/**
 * Translates `key` with `{name}` placeholders. A string that is not a known key is returned
 * as it is, so plain text (a name, a database value) can pass through the same helper.
 */
export function t(lang: Language, key: string, vars: Record<string, unknown> = {}): string {
  const text = lookup(lang, key, vars) ?? lookup('id', key, vars) ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function translator(lang: Language): Translate {
  return (key, vars) => t(lang, key, vars);
}
