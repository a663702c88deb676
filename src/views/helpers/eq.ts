import type { HelperOptions } from 'handlebars';

/**
 * Strict equality, for use inside #if.
 * Usage: {{#if (eq user.role "admin")}}…{{/if}}
 */
export function eq(a: unknown, b: unknown, _options?: HelperOptions): boolean {
  if (arguments.length < 3) throw new Error('{{eq}} needs two values');
  return a === b;
}
