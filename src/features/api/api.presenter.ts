import type { Opd } from '../../db/database';
import { paging } from '../../lib/paging';
import type { EmployeeListRow } from '../employees/employees.repository';

/*
 * Rows and read models to the JSON of the API: snake_case keys, dates 'YYYY-MM-DD', timestamps
 * ISO UTC, rates 0..1 or null. These shapes are the contract described in openapi.ts.
 */
export function presentOpd(o: Opd, codes: Map<number, string>) {
  return {
    code: o.code,
    name: o.name,
    kind: o.kind,
    parent_code: o.parent_id == null ? null : (codes.get(o.parent_id) ?? null),
    active_from: o.active_from,
    active_to: o.active_to,
  };
}

export function presentEmployee(r: EmployeeListRow) {
  return {
    nip: r.nip,
    name: r.name,
    category: r.category,
    position: r.position,
    active_to: r.active_to,
    opd: r.opd_code ? { code: r.opd_code, name: r.opd_name } : null,
  };
}

/**
 * The page block of a list answer. `page` stays the page asked for: a client that walks pages
 * until one comes back empty must get that empty page, not the last one again.
 */
export function presentPage(page: number, perPage: number, total: number) {
  return { page, per_page: perPage, total, pages: paging(total, perPage, page).pages };
}
