import { STATUSES, type Status } from '../../db/database';
import { statusLabel } from '../../i18n/status-label';
import type { Translate } from '../../i18n/t';
import { PAGE_SIZE, pager, paging } from '../../lib/paging';
import { isManual, NOT_YET, startValue } from './evidence';
import type { RollFilter } from './sessions.schema';
import type { SessionPage } from './sessions.service';

/*
 * The roll-call for someone who only reads it (sekda, a unit that is not theirs to edit): what
 * needs attention comes first. Every row that is not Hadir is listed, grouped by status with TK
 * on top; the Hadir rows follow, paged, because a big unit has hundreds of them. The filter runs
 * here on the server, so it works without JavaScript. Under check-in, the people still "belum
 * hadir" of a draft come first, and every row shows its check-in and a "manual entry" mark.
 */
const GROUP_ORDER: Status[] = ['TK', ...STATUSES.filter((s) => s !== 'TK' && s !== 'H')];

interface ReadRow {
  nip: string;
  name: string;
  href: string;
  /** A status, or NOT_YET ("belum hadir", a draft under check-in). */
  status: Status | typeof NOT_YET;
  /** The kind of cuti, which the group heading does not say. */
  detail: string | null;
  note: string;
  /** The check-in time in words, '' without one. */
  checkIn: string;
  manual: boolean;
}

function rowsOf(page: SessionPage, t: Translate): ReadRow[] {
  return page.expected.map((e) => {
    const saved = page.saved.get(e.id);
    const start = startValue(e);
    const status = (saved?.status ?? start.status) as Status | typeof NOT_YET;
    const cuti = saved ? saved.cuti_type : start.cuti_type;
    const detail = status === 'C' && cuti ? statusLabel(t, status, cuti) : null;
    const checkIn = e.checkIn ? t('sessions.roll.checked_in', { time: e.checkIn.time, method: t(`sessions.roll.method_${e.checkIn.method}`) }) : '';
    const href = `/employees/${encodeURIComponent(e.nip)}`;
    return { nip: e.nip, name: e.name, href, status, detail, note: saved?.note ?? '', checkIn, manual: isManual(e, status) };
  });
}

function matches(row: ReadRow, f: RollFilter): boolean {
  if (f.status && row.status !== f.status) return false;
  if (!f.q) return true;
  const q = f.q.toLocaleLowerCase('id');
  return row.name.toLocaleLowerCase('id').includes(q) || row.nip.includes(q.replace(/\s+/g, ''));
}

export function presentReadOnlyRoll(page: SessionPage, t: Translate, filter: RollFilter, requestedPage: number, base: string) {
  const all = rowsOf(page, t);
  const shown = all.filter((r) => matches(r, filter));
  const notYet = { code: 'BH', label: t('sessions.roll.not_yet'), rows: shown.filter((r) => r.status === NOT_YET) };
  const groups = [notYet, ...GROUP_ORDER.map((code) => ({ code, label: statusLabel(t, code), rows: shown.filter((r) => r.status === code) }))].filter(
    (g) => g.rows.length > 0,
  );
  const present = shown.filter((r) => r.status === 'H');
  const at = paging(present.length, PAGE_SIZE, requestedPage);
  return {
    filter,
    filtered: !!(filter.q || filter.status),
    statusOptions: STATUSES.map((s) => ({ code: s, label: statusLabel(t, s), selected: s === filter.status })),
    total: all.length,
    shown: shown.length,
    exceptionCount: shown.length - present.length,
    groups,
    present: present.slice(at.offset, at.offset + at.size),
    presentCount: present.length,
    pager: at.pages > 1 ? pager(base, { q: filter.q, status: filter.status }, at) : null,
  };
}
