import type { HelperOptions } from 'handlebars';

/**
 * Numbers and rates in the page's locale (1.234 and 92,5% in Indonesian).
 * Usage: {{formatNumber total}} · {{percent session.rate}} (rate is 0..1; empty when null)
 */
function locale(options: HelperOptions | undefined): string {
  return options?.data?.root?.lang === 'en' ? 'en-GB' : 'id-ID';
}

export function formatNumber(value: unknown, options?: HelperOptions): string {
  if (arguments.length < 2) throw new Error('{{formatNumber}} needs a number');
  if (value == null || value === '') return '';
  const n = Number(value);
  if (Number.isNaN(n)) throw new Error('{{formatNumber}} needs a number');
  return n.toLocaleString(locale(options));
}

export function percent(value: unknown, options?: HelperOptions): string {
  if (arguments.length < 2) throw new Error('{{percent}} needs a rate');
  if (value == null || value === '') return '–';
  const n = Number(value);
  if (Number.isNaN(n)) throw new Error('{{percent}} needs a number');
  return n.toLocaleString(locale(options), { style: 'percent', maximumFractionDigits: 1 });
}
