import Holidays from 'date-holidays';

export interface SuggestedHoliday {
  date: string;
  name: string;
}

/**
 * Indonesia's public holidays of a year from the `date-holidays` package, one per date (two
 * holidays on one day share a row). The package has no cuti bersama and gets some Islamic
 * dates wrong, so whatever it suggests is stored for review, never as official.
 */
export function suggestedHolidays(year: number): SuggestedHoliday[] {
  const hd = new Holidays('ID', { languages: ['id'], types: ['public'] });
  const byDate = new Map<string, string[]>();
  for (const h of hd.getHolidays(year) || []) {
    if (h.type !== 'public') continue;
    // Islamic holidays start at sunset the evening before ("2027-03-09 00:00:00 -0600"):
    // the civil date is the first ten characters.
    const date = h.date.slice(0, 10);
    if (!date.startsWith(`${year}-`)) continue;
    const names = byDate.get(date) ?? [];
    if (!names.includes(h.name)) names.push(h.name);
    byDate.set(date, names);
  }
  return [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, names]) => ({ date, name: names.join('; ') }));
}
