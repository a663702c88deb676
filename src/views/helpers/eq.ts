/**
 * Strict equality, for use inside #if.
 * Usage: {{#if (eq user.role "admin")}}…{{/if}}
 */
export function eq(a: unknown, b: unknown): boolean {
  if (arguments.length < 3) throw new Error('{{eq}} needs two values');
  return a === b;
}
