/**
 * Worksheet names as Excel accepts them: at most 31 characters, none of []:*?/\ , not starting
 * or ending with an apostrophe, unique regardless of case. A clash gets " (2)", " (3)"...
 */
export class SheetNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    const clean = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet';
    let name = clean.slice(0, 31);
    for (let n = 2; this.used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = clean.slice(0, 31 - suffix.length) + suffix;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}
