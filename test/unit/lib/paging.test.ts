import { pageParam, pager, paging, readPage } from '../../../src/lib/paging';

describe('paging', () => {
  it('counts pages and the rows to skip', () => {
    expect(paging(120, 50, 2)).toEqual({ page: 2, pages: 3, size: 50, total: 120, offset: 50, prevPage: 1, nextPage: 3 });
    expect(paging(100, 50, 2)).toMatchObject({ pages: 2, nextPage: null });
    expect(paging(101, 50, 1)).toMatchObject({ pages: 3, prevPage: null, nextPage: 2, offset: 0 });
  });

  it('gives an empty list one page', () => {
    expect(paging(0, 20, 1)).toEqual({ page: 1, pages: 1, size: 20, total: 0, offset: 0, prevPage: null, nextPage: null });
  });

  it.each([
    [99, 2],
    [3, 2],
    [0, 1],
    [-4, 1],
    [Number.NaN, 1],
    [1.7, 1],
  ])('brings requested page %p into range (page %p of 2)', (requested, page) => {
    expect(paging(60, 50, requested)).toMatchObject({ page, pages: 2, offset: (page - 1) * 50 });
  });

  it('refuses a page size that would divide by zero', () => {
    expect(() => paging(10, 0, 1)).toThrow(/page size/);
  });
});

describe('pageParam', () => {
  it.each([
    ['3', 3],
    [' 7 ', 7],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['abc', 1],
    [undefined, 1],
    [['2', '3'], 1],
    ['1000001', 1],
  ])('%p reads as page %p', (value, page) => {
    expect(pageParam(value)).toBe(page);
  });
});

describe('pager', () => {
  it('keeps the filters, leaves out empty ones and page 1', () => {
    const links = pager('/employees', { opd: 'A-1', q: '', status: null, sort: undefined, year: 2026 }, paging(120, 50, 2));
    expect(links).toEqual({ page: 2, pages: 3, total: 120, prev: '/employees?opd=A-1&year=2026', next: '/employees?opd=A-1&year=2026&page=3' });
  });

  it('has no links on a single page, and a bare path for page 1 without filters', () => {
    expect(pager('/notifications', {}, paging(5, 20, 1))).toMatchObject({ prev: null, next: null });
    expect(pager('/notifications', {}, paging(45, 20, 2)).prev).toBe('/notifications');
  });

  it('encodes what the user typed', () => {
    expect(pager('/absences', { q: 'a&b=c' }, paging(60, 50, 1)).next).toBe('/absences?q=a%26b%3Dc&page=2');
  });
});

describe('readPage', () => {
  const rows = Array.from({ length: 60 }, (_, i) => i);
  const reads: number[] = [];
  const read = async (at: { page: number; size: number; offset: number }) => {
    reads.push(at.page);
    return { rows: rows.slice(at.offset, at.offset + at.size), total: rows.length };
  };
  beforeEach(() => (reads.length = 0));

  it('reads a page in range once', async () => {
    const { rows: got, page } = await readPage(2, 50, read);
    expect(got).toEqual(rows.slice(50));
    expect(page).toMatchObject({ page: 2, pages: 2 });
    expect(reads).toEqual([2]);
  });

  it('reads a page past the end again as the last page', async () => {
    const { rows: got, page } = await readPage(9, 50, read);
    expect(got).toEqual(rows.slice(50));
    expect(page).toMatchObject({ page: 2, pages: 2, offset: 50 });
    expect(reads).toEqual([9, 2]);
  });
});
