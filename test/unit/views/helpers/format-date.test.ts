import { formatDate } from '../../../../src/views/helpers/format-date';
import { helperOptions } from './options';

describe('{{formatDate}}', () => {
  const id = helperOptions();
  const en = helperOptions({ lang: 'en' });

  it("formats a calendar date in the page's language", () => {
    expect(formatDate('2026-11-23', 'long', id)).toBe('Senin, 23 November 2026');
    expect(formatDate('2026-11-23', 'long', en)).toBe('Monday, 23 November 2026');
    expect(formatDate('2026-11-23', 'date', id)).toBe('23 Nov 2026');
  });

  it("shows a UTC timestamp in the instance's timezone (Asia/Jakarta unless the page says otherwise)", () => {
    expect(formatDate('2026-11-22T23:30:00Z', 'datetime', id)).toBe('23 Nov 2026 06.30');
    expect(formatDate('2026-11-22T23:30:00Z', 'time', helperOptions({ timezone: 'Asia/Jayapura' }))).toBe('08.30');
  });

  it('uses "date" when no format is given: Handlebars then passes the options second', () => {
    expect(formatDate('2026-11-23', id)).toBe('23 Nov 2026');
  });

  it('leaves an empty value empty and an unreadable date as it came', () => {
    expect(formatDate(null, 'date', id)).toBe('');
    expect(formatDate('', 'date', id)).toBe('');
    expect(formatDate('2026-13-40', 'date', id)).toBe('2026-13-40');
  });

  it('refuses a value that is not text, an unknown format, and no value at all', () => {
    expect(() => formatDate(20261123, 'date', id)).toThrow('{{formatDate}} needs a date string');
    expect(() => formatDate('2026-11-23', 'short', id)).toThrow('{{formatDate}} format must be one of date, long, datetime, time');
    expect(() => (formatDate as (...args: unknown[]) => string)(id)).toThrow('{{formatDate}} needs a date');
  });
});
