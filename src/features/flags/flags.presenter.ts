import type { FlagRow } from './flags.queries';

/** Rows of the /flags table: links and labels, no formatting logic in the template. */
export function flagRows(rows: FlagRow[]) {
  return rows.map((r) => ({
    ...r,
    href: `/flags/${encodeURIComponent(r.nip)}/${r.year}`,
    employeeHref: `/employees/${encodeURIComponent(r.nip)}`,
    open: r.open_flag === 1,
  }));
}
