/**
 * What the bench picks from the data, kept free of I/O so test/unit/bench/picks.test.ts can
 * check it: the unit the phone compares the largest with, and what it types into the search box.
 */

export interface UnitSize {
  code: string;
  people: number;
}

/** The unit whose head-count is nearest `people` (a tie: the smaller unit, then the code). */
export function closestInSize(units: readonly UnitSize[], people: number): UnitSize {
  if (!units.length) throw new Error('no unit with anyone in it');
  const distance = (u: UnitSize) => Math.abs(u.people - people);
  return [...units].sort((a, b) => distance(a) - distance(b) || a.people - b.people || a.code.localeCompare(b.code))[0];
}

/** What the bench types into the search box, from the page's own roll-call (rc-data rows). */
export function filterQueries(rows: readonly (readonly unknown[])[]): string[] {
  if (!rows.length) throw new Error('rc-data has no rows to search for');
  const pick = (at: number) => rows[Math.min(rows.length - 1, Math.floor(rows.length * at))];
  // The first or last word of four letters or more, cut to `n` letters: a title ("Dr.") and the
  // degrees after the comma are not what people type.
  const part = (name: unknown, word: 'first' | 'last', n: number) => {
    const words = String(name).replace(/,.*$/, '').split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w));
    const w = word === 'first' ? words[0] : words[words.length - 1];
    return (w ?? String(name).trim()).slice(0, n).toLowerCase();
  };
  const nip = String(pick(0.5)[2] ?? '');
  return [part(pick(0.5)[1], 'first', 4), part(pick(0.3)[1], 'last', 5), nip.slice(0, 6), 'qzxqzx'];
}
