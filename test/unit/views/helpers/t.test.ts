import { t } from '../../../../src/views/helpers/t';
import { helperOptions } from './options';

describe('{{t}}', () => {
  it("translates in the page's language, Indonesian by default, with the hash as placeholders", () => {
    expect(t('common.page_of', helperOptions({}, { page: 1, pages: 2 }))).toBe('Halaman 1 dari 2');
    expect(t('common.page_of', helperOptions({ lang: 'en' }, { page: 3, pages: 4 }))).toBe('Page 3 of 4');
  });

  it('passes text that is not a key through unchanged', () => {
    expect(t('Dinas Pendidikan', helperOptions({ lang: 'en' }))).toBe('Dinas Pendidikan');
  });

  it('refuses a key that is not a string, or no key at all', () => {
    expect(() => t(undefined, helperOptions())).toThrow('{{t}} needs a key string');
    expect(() => (t as (...args: unknown[]) => string)(helperOptions())).toThrow('{{t}} needs a key string');
  });
});
