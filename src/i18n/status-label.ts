import type { Translate } from './t';

/*
 * The words of a roll-call status, the same in the form, the legend, the counts, the exports and
 * both languages: a cuti with its type is "Cuti tahunan", not "C" beside "tahunan". The stored
 * codes stay as they are (the API and imports use them); people read the words.
 * CLTN is a planned absence only, never a roll-call status, so its words live with absences.
 */
export function statusLabel(t: Translate, status: string, cutiType?: string | null): string {
  if (status === 'CLTN') return t('absences.statuses.CLTN');
  return status === 'C' && cutiType ? t(`statuses.cuti.${cutiType}`) : t(`statuses.${status}`);
}

/** The label of a form value: a status code, or `C:<cuti type>`. */
export function valueLabel(t: Translate, value: string): string {
  const [status, cuti] = value.split(':');
  return statusLabel(t, status, cuti || null);
}
