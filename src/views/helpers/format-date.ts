import type { HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';

/**
 * Formats a 'YYYY-MM-DD' date or an ISO UTC timestamp in the instance's timezone and the
 * page's language. Formats: "date" (24 Nov 2026), "long" (Senin, 24 November 2026),
 * "datetime" (24 Nov 2026 07.30), "time" (07.30).
 * Usage: {{formatDate session.pledge_date "long"}} · {{formatDate row.created_at "datetime"}}
 */
const FORMATS: Record<string, string> = {
  date: 'd LLL yyyy',
  long: 'cccc, d LLLL yyyy',
  datetime: 'd LLL yyyy HH.mm',
  time: 'HH.mm',
};

export function formatDate(value: unknown, format?: unknown, options?: HelperOptions): string {
  // Handlebars passes its options last: {{formatDate x}} arrives as (x, options).
  if (arguments.length < 2) throw new Error('{{formatDate}} needs a date');
  const withFormat = arguments.length > 2;
  const name = withFormat ? format : 'date';
  if (typeof name !== 'string' || !(name in FORMATS)) throw new Error(`{{formatDate}} format must be one of ${Object.keys(FORMATS).join(', ')}`);
  if (value == null || value === '') return '';
  if (typeof value !== 'string') throw new Error('{{formatDate}} needs a date string');
  const opts = (withFormat ? options : format) as HelperOptions | undefined;
  const fmt = FORMATS[name];
  const root = opts?.data?.root ?? {};
  const locale = root.lang === 'en' ? 'en-GB' : 'id-ID';
  const zone = root.timezone ?? 'Asia/Jakarta';
  const dt = value.length === 10 ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { zone: 'utc' }).setZone(zone);
  return dt.isValid ? dt.setLocale(locale).toFormat(fmt) : value;
}
