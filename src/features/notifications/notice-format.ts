import type { HelperOptions } from 'handlebars';
import type { Language } from '../../config';
import { formatDate } from '../../views/helpers/format-date';

/** Dates in notices and emails, formatted like the pages (same helper, same formats). */
export function dateText(value: string, format: 'date' | 'long' | 'datetime' | 'time', lang: Language, zone: string): string {
  return formatDate(value, format, { data: { root: { lang, timezone: zone } } } as unknown as HelperOptions);
}

/** An absolute link for emails: PUBLIC_URL plus the app path. */
export function absolute(publicUrl: string, path: string): string {
  return `${publicUrl}${path}`;
}
