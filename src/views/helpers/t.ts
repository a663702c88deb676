import type { HelperOptions } from 'handlebars';
import { t as translate } from '../../i18n/t';

/**
 * Translates a key in the page's language.
 * Usage: {{t "auth.login.title"}} · {{t "employees.count" n=total}}
 */
export function t(key: unknown, options: HelperOptions): string {
  if (arguments.length < 2 || typeof key !== 'string') throw new Error('{{t}} needs a key string');
  const lang = options?.data?.root?.lang ?? 'id';
  return translate(lang, key, options?.hash ?? {});
}
