import type { HelperOptions } from 'handlebars';

/** What Handlebars passes a helper last: the page's data (root) and the hash arguments. */
export function helperOptions(root: Record<string, unknown> = {}, hash: Record<string, unknown> = {}): HelperOptions {
  return { data: { root }, hash } as unknown as HelperOptions;
}
