import type { HelperOptions } from 'handlebars';
import { statusLabel as label } from '../../i18n/status-label';
import { translator } from '../../i18n/t';

/**
 * A status in words, with its cuti type when there is one.
 * Usage: {{statusLabel status cuti_type}} · {{statusLabel "TK"}}
 */
export function statusLabel(status: unknown, ...rest: unknown[]): string {
  const options = rest.pop() as HelperOptions;
  const cuti = typeof rest[0] === 'string' ? rest[0] : null;
  const lang = options?.data?.root?.lang ?? 'id';
  return label(translator(lang), String(status ?? ''), cuti);
}
