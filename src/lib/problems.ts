/*
 * An upload can have thousands of bad lines; a page listing them all is megabytes nobody reads.
 * Pages show the first SHOWN_PROBLEMS and say how many more there are.
 */
export const SHOWN_PROBLEMS = 100;

export function firstProblems<T>(all: readonly T[], shown = SHOWN_PROBLEMS): { shown: T[]; more: number } {
  return { shown: all.slice(0, shown), more: Math.max(0, all.length - shown) };
}

/** A value from the file quoted in a message: long junk is cut, so one cell cannot bloat a page. */
export function quoted(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
