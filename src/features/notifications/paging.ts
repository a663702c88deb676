/** Previous and next links of a paged list (notifications, job runs). */
export interface Pager {
  page: number;
  pages: number;
  prev: string | null;
  next: string | null;
}

/** Previous/next links for a list page; `base` is the path with any other query already on it. */
export function pagerOf(base: string, page: number, total: number, pageSize: number): Pager {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const sep = base.includes('?') ? '&' : '?';
  return {
    page,
    pages,
    prev: page > 1 ? `${base}${sep}page=${page - 1}` : null,
    next: page < pages ? `${base}${sep}page=${page + 1}` : null,
  };
}
