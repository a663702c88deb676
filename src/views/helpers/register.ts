import type Handlebars from 'handlebars';
import { concat } from './concat';
import { eq } from './eq';
import { formatDate } from './format-date';
import { formatNumber, percent } from './format-number';
import { checked, selected } from './selected';
import { statusLabel } from './status-label';
import { t } from './t';

/** Every helper the templates may use, in one explicit list. */
export const helpers = { t, eq, concat, selected, checked, formatDate, formatNumber, percent, statusLabel };

export function registerHelpers(hbs: typeof Handlebars): void {
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn as Handlebars.HelperDelegate);
}
