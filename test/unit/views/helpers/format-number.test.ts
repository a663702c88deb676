import { formatNumber, percent } from '../../../../src/views/helpers/format-number';
import { helperOptions } from './options';

describe('{{formatNumber}}', () => {
  it("groups digits in the page's language", () => {
    expect(formatNumber(1234567.5, helperOptions())).toBe('1.234.567,5');
    expect(formatNumber('1234', helperOptions({ lang: 'en' }))).toBe('1,234');
    expect(formatNumber(0, helperOptions())).toBe('0');
  });

  it('leaves a missing number empty', () => {
    expect(formatNumber(null, helperOptions())).toBe('');
    expect(formatNumber('', helperOptions())).toBe('');
  });

  it('refuses what is not a number, and no value at all', () => {
    expect(() => formatNumber('sepuluh', helperOptions())).toThrow('{{formatNumber}} needs a number');
    expect(() => (formatNumber as (...args: unknown[]) => string)(helperOptions())).toThrow('{{formatNumber}} needs a number');
  });
});

describe('{{percent}}', () => {
  it('shows a 0..1 rate as a percentage with at most one decimal', () => {
    expect(percent(0.925, helperOptions())).toBe('92,5%');
    expect(percent(0.925, helperOptions({ lang: 'en' }))).toBe('92.5%');
    expect(percent(1 / 3, helperOptions())).toBe('33,3%');
    expect(percent(1, helperOptions())).toBe('100%');
  });

  it('shows a dash for a rate that cannot be computed', () => {
    expect(percent(null, helperOptions())).toBe('–');
  });

  it('refuses what is not a number, and no value at all', () => {
    expect(() => percent('tinggi', helperOptions())).toThrow('{{percent}} needs a number');
    expect(() => (percent as (...args: unknown[]) => string)(helperOptions())).toThrow('{{percent}} needs a rate');
  });
});
