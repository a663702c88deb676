/**
 * Joins its arguments into one string, e.g. to build an i18n key from a value.
 * Usage: {{t (concat "roles." user.role)}}
 */
export function concat(...args: unknown[]): string {
  if (args.length < 2) throw new Error('{{concat}} needs at least one value');
  return args.slice(0, -1).map((a) => (a == null ? '' : String(a))).join('');
}
