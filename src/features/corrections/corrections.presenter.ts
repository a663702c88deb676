import type { Session } from '../../db/database';
import type { Translate } from '../../i18n/t';
import { pager, type Page } from '../../lib/paging';
import type { RequestListRow } from './corrections.repository';
import type { Changes, RequestDetail } from './corrections.service';

/* Correction requests to view models: the queue and one request's proposed changes. */

export function presentList(rows: RequestListRow[], page: Page, t: Translate) {
  return {
    rows: rows.map((r) => ({ ...r, stateLabel: t(`corrections.states.${r.state}`) })),
    pager: pager('/corrections', {}, page),
  };
}

const label = (r: { status: string; cuti_type: string | null } | undefined) =>
  r ? (r.cuti_type ? `${r.status} (${r.cuti_type})` : r.status) : '—';

const show = (v: unknown, t: Translate) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : String(v));

export function presentRequest(d: RequestDetail, t: Translate) {
  const changes = JSON.parse(d.request.changes) as Changes;
  const details = Object.entries(changes.session ?? {}).map(([field, proposed]) => {
    const current = field === 'held' ? d.session.held === 1 : d.session[field as keyof Session];
    return { field: t(`sessions.details.${field}`), current: show(current, t), proposed: show(proposed, t) };
  });
  const attendance = (changes.attendance ?? []).map((r) => {
    const who = d.employees.get(r.employee_id);
    return {
      nip: who?.nip ?? String(r.employee_id),
      name: who?.name ?? '',
      current: label(d.saved.get(r.employee_id)),
      proposed: label(r),
      note: r.note,
    };
  });
  return {
    title: t('corrections.show_title', { id: d.request.id }),
    request: { ...d.request, stateLabel: t(`corrections.states.${d.request.state}`) },
    session: d.session,
    opd: d.opd,
    requester: d.requester,
    sessionUrl: `/opd/${d.opd.code}/sessions/${d.session.pledge_date}`,
    stale: d.request.state === 'pending' && d.request.base_version !== d.session.version,
    pending: d.request.state === 'pending',
    details,
    attendance,
  };
}
