import type { HelperOptions } from 'handlebars';

/**
 * Marks an <option> or a checkbox/radio as chosen when the two values match.
 * Usage: <option value="PNS" {{selected form.category "PNS"}}> · <input type="radio" {{checked s "H"}}>
 */
export function selected(value: unknown, option: unknown, _options?: HelperOptions): string {
  if (arguments.length < 3) throw new Error('{{selected}} needs a value and an option');
  return String(value ?? '') === String(option) ? 'selected' : '';
}

export function checked(value: unknown, option: unknown, _options?: HelperOptions): string {
  if (arguments.length < 3) throw new Error('{{checked}} needs a value and an option');
  return String(value ?? '') === String(option) ? 'checked' : '';
}
