import { NOT_HELD_REASONS, SESSION_MODES, STATUSES, type Session } from '../../db/database';
import { valueLabel } from '../../i18n/status-label';
import type { CurrentUser } from '../../http/types';
import type { Translate } from '../../i18n/t';
import { can } from '../../policy';
import { ALL_VALUES, isCommonValue, NOT_YET_KEY, rollData, rollEntries, rollView, statusChoices } from './roll-call-list';
import { presentReadOnlyRoll } from './roll-call-readonly';
import { startingDetails } from './save-session';
import { verifiedShare } from '../compliance/weeks';
import { NOT_YET, usesCheckIn } from './evidence';
import type { RollFilter } from './sessions.schema';
import type { SessionPage } from './sessions.service';

/* The session page's view model: details, state, the roll-call (roll-call-list.ts) and its counts. */
export interface FormInput {
  /** Absent when only the roll-call comes from the user (a CSV import under review). */
  details?: Record<string, unknown>;
  /** Raw select values per employee id ("H", "C:tahunan"). */
  statuses: Map<number, string>;
  notes: Map<number, string>;
}

export interface PageOptions {
  user: CurrentUser;
  input?: FormInput;
  /** Translated field messages, `attendance.<NIP>` for rows. */
  errors?: Record<string, string>;
  /** The input was refused as stale: show where it differs from what is saved now. */
  conflict?: boolean;
  /** The version the form carries; by default the saved one. */
  version?: number;
  /** A translated message above the form: why it was refused, or what an import did. */
  alert?: string;
  notice?: string;
  /** The roll-call's search and page (read-only: the page of Hadir rows). */
  filter?: RollFilter;
  page?: number;
}

export function legend(t: Translate) {
  return ALL_VALUES.map((value) => ({ code: value.replace(':', ' '), label: valueLabel(t, value) }));
}

function modeOf(user: CurrentUser, opdId: number, locked: boolean): 'edit' | 'correction' | 'readonly' {
  if (!can(user, 'session.edit', { opdId })) return 'readonly';
  // After the deadline, whoever may not edit a locked session asks for a correction instead.
  return locked && !can(user, 'session.editLocked') ? 'correction' : 'edit';
}

/** The editable roll-call: one page of rows drawn here, every row as data for the browser (roll-call-list.ts). */
export function presentRows(page: SessionPage, t: Translate, o: PageOptions, version: number) {
  const entries = rollEntries(
    { expected: page.expected, saved: page.saved, flagged: page.flagged, statuses: o.input?.statuses, notes: o.input?.notes, errors: o.errors, conflict: o.conflict },
    t,
  );
  const q = o.filter?.q ?? '';
  const view = rollView(entries, q, o.page ?? 1);
  const choices = statusChoices(t);
  const rows = view.shown.map((e) => ({
    ...e,
    common: choices.common.map((c) => ({ ...c, checked: c.value === e.value })),
    others: choices.others.map((c) => ({ ...c, checked: c.value === e.value })),
    otherLabel: isCommonValue(e.value) || e.value === NOT_YET ? null : valueLabel(t, e.value),
    rowClass: e.error ? 'rc-has-error' : e.savedLabel ? 'rc-conflict' : e.why ? 'rc-attn' : null,
  }));
  const evidence = usesCheckIn(page.target);
  const statusCounts = STATUSES.map((s) => ({ code: s, label: t(`statuses.${s}`), n: view.counts[s], always: s === 'H' || s === 'TK' }));
  // Under check-in, "belum hadir" leads the bar: the number left to resolve before submitting.
  if (evidence) (statusCounts as { code: string; label: string; n: number; always: boolean }[]).unshift({ code: NOT_YET_KEY, label: t('sessions.roll.not_yet'), n: view.counts[NOT_YET_KEY], always: true });
  return {
    roll: {
      q,
      total: entries.length,
      matches: view.matches,
      page: view.at.page,
      pages: view.at.pages,
      prev: view.at.prevPage,
      next: view.at.nextPage,
      attention: entries.filter((e) => e.why || e.error || e.savedLabel).length,
      rows,
      carried: view.carried,
      template: { id: 0, common: choices.common, others: choices.others },
      data: rollData(entries, version),
      setAll: choices.common.concat(choices.others),
      evidence,
      grace: page.target.settings.check_in_grace_minutes,
      notYet: view.counts[NOT_YET_KEY],
    },
    statusCounts,
    legend: legend(t),
    rollLabels: {
      statusFor: t('sessions.roll.status_for'),
      more: t('sessions.roll.more'),
      note: t('sessions.roll.note'),
      savedAs: t('sessions.roll.saved_as'),
      manual: t('sessions.roll.manual'),
      notYet: t('sessions.roll.not_yet'),
    },
  };
}

function detailValues(session: Session | undefined, page: SessionPage, input?: FormInput) {
  if (input?.details) return { ...input.details, held: input.details.held !== '0' };
  if (session) return { ...session, held: session.held === 1 };
  return startingDetails(page.target.settings, page.target.event);
}

export function presentSessionPage(page: SessionPage, t: Translate, o: PageOptions) {
  const { session, target, info } = page;
  const mode = modeOf(o.user, target.opd.id, info.locked);
  const form = detailValues(session, page, o.input) as Record<string, unknown>;
  const base = `/opd/${target.opd.code}/sessions/${target.pledgeDate}`;
  return {
    title: t('sessions.title', { opd: target.opd.name }),
    opd: target.opd,
    pledgeDate: target.pledgeDate,
    event: target.event,
    base,
    session,
    version: o.version ?? session?.version ?? 0,
    alert: o.alert,
    notice: o.notice,
    state: { code: info.state, label: t(`sessions.state.${info.state}`), locked: info.locked, overdue: info.overdue },
    deadline: target.deadline,
    submittedBy: session?.submitted_by ? page.people.get(session.submitted_by) : null,
    mode,
    editable: mode !== 'readonly',
    // Nothing was ever saved: a reader gets the fact, not an empty form that looks like a report.
    notReported: mode === 'readonly' && !session,
    canSubmit: mode === 'edit' && session?.state !== 'submitted',
    canDecide: can(o.user, 'correction.decide'),
    canVerdict: can(o.user, 'session.judgeReason') && !!session && session.held === 0,
    canImport: mode !== 'readonly',
    formAction: mode === 'correction' ? `${base}/corrections` : base,
    form,
    held: form.held !== false,
    modes: SESSION_MODES.map((m) => ({ value: m, label: t(`sessions.modes.${m}`) })),
    reasons: NOT_HELD_REASONS.map((r) => ({ value: r, label: t(`sessions.reasons.${r}`) })),
    ikrarTexts: target.settings.ikrar_texts.map((x) => ({ ...x, current: x.version === form.ikrar_version })),
    photoUrl: session?.photo_file_id ? `${base}/photo?v=${session.version}` : null,
    reasonVerdict: session && !session.held ? verdictLabel(session.reason_accepted, t) : null,
    requests: page.requests.map((r) => ({ ...r, stateLabel: t(`corrections.states.${r.state}`) })),
    errors: o.errors ?? {},
    ...rowErrors(o.errors ?? {}),
    conflict: !!o.conflict,
    ...presentRows(page, t, o, o.version ?? session?.version ?? 0),
    readonlyRoll: mode === 'readonly' ? presentReadOnlyRoll(page, t, o.filter ?? { q: '', status: '' }, o.page ?? 1, base) : null,
    verified: verifiedLine(session, usesCheckIn(target)),
  };
}

/**
 * "Terverifikasi": the stored count of Hadir and Terlambat rows backed by a check-in, over
 * those rows, as the dashboard sums it (compliance/weeks.ts verifiedShare). Shown when the unit
 * uses check-in or some row is verified.
 */
function verifiedLine(session: Session | undefined, checkIn: boolean) {
  if (!session || session.held !== 1) return null;
  const present = Number(session.count_h) + Number(session.count_tl);
  const verified = Number(session.count_verified);
  if (!checkIn && verified === 0) return null;
  const share = verifiedShare(verified, present);
  return { n: verified, of: present, share, hasShare: share !== null };
}

/* A list above the roll-call names the wrong rows; a few dozen is enough to act on. */
function rowErrors(errors: Record<string, string>) {
  const all = Object.entries(errors).filter(([k]) => k.startsWith('attendance.'));
  return { rowErrors: all.slice(0, 50).map(([, v]) => v), moreRowErrors: Math.max(0, all.length - 50) };
}

function verdictLabel(v: number | null, t: Translate): string {
  return t(v === 1 ? 'sessions.verdict.accepted' : v === 0 ? 'sessions.verdict.rejected' : 'sessions.verdict.pending');
}
