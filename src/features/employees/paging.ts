/** Server-side paging shared by the master-data lists: page numbers in, links out. */
export const PAGE_SIZE = 50;

export interface Pager {
  page: number;
  pages: number;
  total: number;
  prev: string | null;
  next: string | null;
}

/** A page number from the query string: a positive integer, anything else is page 1. */
export function pageParam(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** Links keep every filter of the current list; empty filters are left out of the URL. */
export function pager(
  base: string,
  query: Record<string, string | number | null | undefined>,
  page: number,
  size: number,
  total: number,
): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
    if (p > 1) params.set('page', String(p));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  return {
    page,
    pages,
    total,
    prev: page > 1 ? href(Math.min(page - 1, pages)) : null,
    next: page < pages ? href(page + 1) : null,
  };
}
