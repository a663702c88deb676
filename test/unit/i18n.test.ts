import fs from 'node:fs';
import path from 'node:path';
import { baseKeys, dictionary, t } from '../../src/i18n/t';

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Indonesian and English', () => {
    // Plural forms ("one", "other") fold into their key: Indonesian has a single form.
    const id = [...baseKeys('id')].sort();
    const en = [...baseKeys('en')].sort();
    expect(id.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !id.includes(k))).toEqual([]);
  });

  it('knows every literal key that a template passes to {{t}}', () => {
    const root = path.resolve(__dirname, '../../views');
    const missing: string[] = [];
    for (const file of files(root, '.hbs')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) {
        if (!baseKeys('id').has(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('fills placeholders and falls back to the key for unknown text', () => {
    expect(t('id', 'validation.too_long', { n: 200 })).toBe('Maksimal 200 karakter.');
    expect(t('en', 'validation.too_long', { n: 200 })).toBe('At most 200 characters.');
    expect(t('id', 'Dinas Pendidikan')).toBe('Dinas Pendidikan');
  });

  it('picks the plural form by {n} in English and keeps the single Indonesian form', () => {
    expect(t('en', 'sessions.roll.count', { n: 1 })).toBe('1 employee expected');
    expect(t('en', 'sessions.roll.count', { n: 2 })).toBe('2 employees expected');
    expect(t('en', 'sessions.roll.count', { n: 0 })).toBe('0 employees expected');
    expect(t('en', 'dashboard.belum_lapor.missing', { n: 1, since: 'x' })).toBe('1 week in a row since x');
    expect(t('en', 'sessions.errors.roll_call', { count: 1 })).toMatch(/^1 roll-call row needs/);
    expect(t('id', 'sessions.roll.count', { n: 1 })).toBe('1 pegawai wajib apel');
    expect(t('id', 'sessions.roll.count', { n: 2 })).toBe('2 pegawai wajib apel');
  });

  it('gives every English plural an "other" form, and Indonesian none', () => {
    const en = [...dictionary('en').keys()];
    const forms = en.filter((k) => /\.(zero|one|two|few|many)$/.test(k));
    expect(forms.filter((k) => !en.includes(k.replace(/\.\w+$/, '.other')))).toEqual([]);
    expect([...dictionary('id').keys()].filter((k) => /\.(one|other)$/.test(k))).toEqual([]);
  });

  it('has no English count of a plural noun left without a plural form', () => {
    // "{n} weeks", "{n} employees": with n = 1 these read wrong unless the key has a "one" form.
    // A limit ("more than {n} lines") or "{n}+" is never 1; "NIP {n} is" is a verb, not a count.
    const counted = /(?<!than )\{(n|count)\} (\w+ )?(?!is\b|has\b|appears\b|contains\b)\w+s\b/;
    const bare = [...dictionary('en').entries()].filter(([k, v]) => !/\.(one|other)$/.test(k) && counted.test(v));
    expect(bare.map(([k]) => k)).toEqual([]);
  });
});
