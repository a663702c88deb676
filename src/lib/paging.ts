/**
 * Server-side paging for every list and the API: one page count, one clamp, one rule for links.
 * The pages of a list are numbered from 1; an empty list still has one (empty) page.
 */

/** Rows per page of the web lists (notifications show fewer: they are read on a phone). */
export const PAGE_SIZE = 50;

export interface Page {
  /** The page shown, within 1..pages. */
  page: number;
  pages: number;
  size: number;
  total: number;
  /** Rows before this page: what the query skips. */
  offset: number;
  prevPage: number | null;
  nextPage: number | null;
}

/** What a list page links to: the numbers and ready-made previous/next URLs. */
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

/** The page count of `total` rows, and the requested page brought into 1..pages. */
export function paging(total: number, size: number, requested: number): Page {
  if (!Number.isInteger(size) || size < 1) throw new TypeError(`paging: page size must be a positive integer, got ${size}`);
  const pages = Math.max(1, Math.ceil(Math.max(0, total) / size));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pages);
  return {
    page,
    pages,
    size,
    total,
    offset: (page - 1) * size,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < pages ? page + 1 : null,
  };
}

/**
 * Reads one page where the rows and the total come back from one query. A page past the last one
 * (a stale link, a number typed by hand) is only known after that query; it is read once more as
 * the last page, so every list shows real rows under a page number it really has.
 */
export async function readPage<R>(
  requested: number,
  size: number,
  read: (at: { page: number; size: number; offset: number }) => Promise<{ rows: R[]; total: number }>,
): Promise<{ rows: R[]; page: Page }> {
  const at = (page: number) => ({ page, size, offset: (page - 1) * size });
  const first = await read(at(requested));
  const page = paging(first.total, size, requested);
  if (page.page === requested) return { rows: first.rows, page };
  const last = await read(at(page.page));
  return { rows: last.rows, page: paging(last.total, size, page.page) };
}

/**
 * Previous/next links that keep every filter of the current list. Empty filters are left out of
 * the URL and page 1 has no `page` parameter, so the first page has one address.
 */
export function pager(base: string, query: Record<string, string | number | null | undefined>, at: Page): Pager {
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
    if (p > 1) params.set('page', String(p));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  return {
    page: at.page,
    pages: at.pages,
    total: at.total,
    prev: at.prevPage ? href(at.prevPage) : null,
    next: at.nextPage ? href(at.nextPage) : null,
  };
}
