import { CUTI_TYPES, PLANNED_STATUSES, STATUSES } from '../../src/db/database';
import { statusLabel, valueLabel } from '../../src/i18n/status-label';
import { dictionary, translator } from '../../src/i18n/t';
import type { Language } from '../../src/config';

const LANGS: Language[] = ['id', 'en'];

/*
 * "TL" is Terlambat here and Tugas Luar in many Pemda: a person must always read words, so
 * every code a page, legend or export can show needs a label of its own in both languages.
 */
describe('status labels', () => {
  const codes = [...new Set<string>([...STATUSES, ...PLANNED_STATUSES])];

  it.each(LANGS)('gives every status code words of its own (%s)', (lang) => {
    const t = translator(lang);
    for (const code of codes) {
      const label = statusLabel(t, code);
      expect({ code, label: label.trim() }).toEqual({ code, label: expect.stringMatching(/\S\s*\S/) });
      expect(label).not.toBe(code);
      // A missing key comes back as the key itself.
      expect(label).not.toMatch(/^statuses\.|^absences\./);
    }
  });

  it.each(LANGS)('names every cuti type in one label, never the bare type (%s)', (lang) => {
    const t = translator(lang);
    const labels = CUTI_TYPES.map((c) => statusLabel(t, 'C', c));
    CUTI_TYPES.forEach((c, i) => {
      expect(labels[i]).not.toBe(c);
      expect(labels[i]).not.toBe(statusLabel(t, 'C'));
      expect(labels[i]).not.toMatch(/^statuses\./);
      expect(valueLabel(t, `C:${c}`)).toBe(labels[i]);
    });
    expect(new Set(labels).size).toBe(CUTI_TYPES.length);
  });

  it('has the same keys under statuses in Indonesian and English', () => {
    const keys = (lang: Language) => [...dictionary(lang).keys()].filter((k) => k.startsWith('statuses.')).sort();
    expect(keys('en')).toEqual(keys('id'));
    expect(keys('id')).toEqual(expect.arrayContaining([...STATUSES.map((s) => `statuses.${s}`), ...CUTI_TYPES.map((c) => `statuses.cuti.${c}`)]));
  });

  it('reads the usual Indonesian words', () => {
    const t = translator('id');
    expect(statusLabel(t, 'TL')).toBe('Terlambat');
    expect(statusLabel(t, 'TK')).toBe('Tanpa keterangan');
    expect(statusLabel(t, 'C', 'tahunan')).toBe('Cuti tahunan');
    expect(statusLabel(t, 'C', null)).toBe('Cuti');
    expect(statusLabel(translator('en'), 'C', 'alasan_penting')).toBe('Leave for important reasons');
  });
});
