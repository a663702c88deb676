import { statusLabel } from '../../../../src/views/helpers/status-label';
import { helperOptions } from './options';

describe('{{statusLabel}}', () => {
  it('gives a status in words, a cuti with its type, in the page language', () => {
    expect(statusLabel('TK', helperOptions())).toBe('Tanpa keterangan');
    expect(statusLabel('TL', helperOptions())).toBe('Terlambat');
    expect(statusLabel('C', 'tahunan', helperOptions())).toBe('Cuti tahunan');
    expect(statusLabel('C', null, helperOptions())).toBe('Cuti');
    expect(statusLabel('S', 'tahunan', helperOptions())).toBe('Sakit');
  });
});

describe('{{statusLabel}} in English', () => {
  it('uses the same keys in the other language', () => {
    expect(statusLabel('C', 'alasan_penting', helperOptions({ lang: 'en' }))).toBe('Leave for important reasons');
    expect(statusLabel('H', helperOptions({ lang: 'en' }))).toBe('Present');
  });
});
