import { CUTI_TYPES, NOT_HELD_REASONS, SESSION_MODES, STATUSES, type Session } from '../../db/database';
import type { CurrentUser } from '../../http/types';
import type { Translate } from '../../i18n/t';
import { can } from '../../policy';
import { presentReadOnlyRoll } from './roll-call-readonly';
import type { RollFilter } from './sessions.schema';
import type { SessionPage } from './sessions.service';

/*
 * Rows to the session page's view model. The roll-call may have 3,000 rows, so each row is a
 * handful of precomputed strings: the <option> list is built once per possible value and
 * shared by every row that has that value, instead of 15 helper calls per row in the template.
 */
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
  /** The read-only roll-call's filter and page of Hadir rows. */
  filter?: RollFilter;
  page?: number;
}

const VALUES: string[] = STATUSES.flatMap((s) => (s === 'C' ? ['C', ...CUTI_TYPES.map((c) => `C:${c}`)] : [s]));

/*
 * Option text is the status code itself (no value attribute needed, so each option is ~20
 * bytes): 15 options on 3,000 rows would otherwise be most of a multi-megabyte page. The codes
 * are the ones on the paper forms; a legend above the list spells them out.
 */
function optionLists(): Map<string, string> {
  const html = (selected: string) => VALUES.map((v) => (v === selected ? `<option selected>${v}</option>` : `<option>${v}</option>`)).join('');
  return new Map(VALUES.map((v) => [v, html(v)]));
}

export function legend(t: Translate) {
  return {
    statuses: STATUSES.map((s) => ({ code: s, label: t(`statuses.${s}`) })),
    cuti: CUTI_TYPES.map((c) => ({ code: `C:${c}`, label: `${t('statuses.C')} ${t(`sessions.cuti.${c}`)}` })),
  };
}

const valueOf = (row: { status: string; cuti_type: string | null } | undefined) =>
  row ? (row.cuti_type ? `${row.status}:${row.cuti_type}` : row.status) : undefined;

function modeOf(user: CurrentUser, opdId: number, locked: boolean): 'edit' | 'correction' | 'readonly' {
  if (!can(user, 'session.edit', { opdId })) return 'readonly';
  // After the deadline, whoever may not edit a locked session asks for a correction instead.
  return locked && !can(user, 'session.editLocked') ? 'correction' : 'edit';
}

export function presentRows(page: SessionPage, t: Translate, o: PageOptions) {
  const options = optionLists();
  const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const rows = page.expected.map((e) => {
    const saved = page.saved.get(e.id);
    const fallback = e.absence ? valueOf(e.absence) : 'H';
    const raw = o.input?.statuses.get(e.id) ?? valueOf(saved) ?? fallback!;
    const value = options.has(raw) ? raw : 'H';
    counts[value.split(':')[0]]++;
    const savedValue = valueOf(saved) ?? fallback;
    const error = o.errors?.[`attendance.${e.nip}`] ?? null;
    const savedLabel = o.conflict && savedValue !== value ? savedValue : null;
    return {
      id: e.id,
      nip: e.nip,
      name: e.name,
      options: options.get(value),
      note: o.input?.notes.get(e.id) ?? saved?.note ?? '',
      planned: e.absence ? `${t(`statuses.${e.absence.status}`)} · ${e.absence.document_ref}` : null,
      error,
      savedLabel,
      rowClass: error ? 'rc-has-error' : savedLabel ? 'rc-conflict' : null,
      noteLabel: t('sessions.roll.note_for', { name: e.name }),
    };
  });
  const statusCounts = STATUSES.map((s) => ({ code: s, label: t(`statuses.${s}`), n: counts[s] }));
  const labels = { note: t('sessions.roll.note'), planned: t('sessions.roll.planned'), savedAs: t('sessions.roll.saved_as') };
  return { rows, statusCounts, labels, legend: legend(t), setAllOptions: options.get('H') };
}

function detailValues(session: Session | undefined, page: SessionPage, input?: FormInput) {
  const texts = page.target.settings.ikrar_texts;
  if (input?.details) return { ...input.details, held: input.details.held !== '0' };
  if (session) return { ...session, held: session.held === 1 };
  return {
    held: true,
    mode: 'langsung',
    start_time: page.target.settings.apel_start_time,
    ikrar_version: texts.length ? texts[texts.length - 1].version : '',
  };
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
    photoUrl: session?.photo_path ? `${base}/photo?v=${session.version}` : null,
    reasonVerdict: session && !session.held ? verdictLabel(session.reason_accepted, t) : null,
    requests: page.requests.map((r) => ({ ...r, stateLabel: t(`corrections.states.${r.state}`) })),
    errors: o.errors ?? {},
    ...rowErrors(o.errors ?? {}),
    conflict: !!o.conflict,
    ...presentRows(page, t, o),
    readonlyRoll: mode === 'readonly' ? presentReadOnlyRoll(page, t, o.filter ?? { q: '', status: '' }, o.page ?? 1, base) : null,
  };
}

/* A list above the roll-call names the wrong rows; a few dozen is enough to act on. */
function rowErrors(errors: Record<string, string>) {
  const all = Object.entries(errors).filter(([k]) => k.startsWith('attendance.'));
  return { rowErrors: all.slice(0, 50).map(([, v]) => v), moreRowErrors: Math.max(0, all.length - 50) };
}

function verdictLabel(v: number | null, t: Translate): string {
  return t(v === 1 ? 'sessions.verdict.accepted' : v === 0 ? 'sessions.verdict.rejected' : 'sessions.verdict.pending');
}
