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

/**
 * Translates `key` with `{name}` placeholders. A string that is not a known key is returned
 * as it is, so plain text (a name, a database value) can pass through the same helper.
 */
export function t(lang: Language, key: string, vars: Record<string, unknown> = {}): string {
  const text = dictionary(lang).get(key) ?? dictionary('id').get(key) ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function translator(lang: Language): Translate {
  return (key, vars) => t(lang, key, vars);
}
