import fs from 'node:fs';
import path from 'node:path';
import { dictionary, t } from '../../src/i18n/t';

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Indonesian and English', () => {
    const id = [...dictionary('id').keys()].sort();
    const en = [...dictionary('en').keys()].sort();
    expect(id.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !id.includes(k))).toEqual([]);
  });

  it('knows every literal key that a template passes to {{t}}', () => {
    const root = path.resolve(__dirname, '../../views');
    const missing: string[] = [];
    for (const file of files(root, '.hbs')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) {
        if (!dictionary('id').has(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('fills placeholders and falls back to the key for unknown text', () => {
    expect(t('id', 'validation.too_long', { n: 200 })).toBe('Maksimal 200 karakter.');
    expect(t('en', 'validation.too_long', { n: 200 })).toBe('At most 200 characters.');
    expect(t('id', 'Dinas Pendidikan')).toBe('Dinas Pendidikan');
  });
});
