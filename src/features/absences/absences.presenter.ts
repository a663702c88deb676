import type { Translate } from '../../i18n/t';
import { translateMessage } from '../../http/validate';
import type { AbsenceListRow } from './absences.repository';
import type { LineError, ValidLine } from './absences.import';
import { firstProblems } from '../../lib/problems';

export interface AbsenceView extends AbsenceListRow {
  cancelled: boolean;
  canCancel: boolean;
}

export function presentAbsences(rows: AbsenceListRow[], canWrite: boolean): AbsenceView[] {
  return rows.map((r) => ({ ...r, cancelled: r.cancelled_at !== null, canCancel: canWrite && r.cancelled_at === null }));
}

/** Import problems as the user reads them (the first SHOWN_PROBLEMS): line, NIP, every reason in their language. */
export function presentLineErrors(t: Translate, errors: LineError[]) {
  const { shown, more } = firstProblems(errors);
  return { count: errors.length, more, list: shown.map((e) => ({ line: e.line, nip: e.nip, reasons: e.reasons.map((r) => translateMessage(t, r)) })) };
}

export function presentValidLines(rows: ValidLine[]) {
  return rows.map((r) => ({
    line: r.line,
    nip: r.employee.nip,
    name: r.employee.name,
    status: r.status,
    cuti_type: r.cuti_type,
    start_date: r.start_date,
    end_date: r.end_date,
    document_ref: r.document_ref,
  }));
}

/** The register form's values, from what the user typed (kept on a 422) or a ?nip= link. */
export function absenceForm(body: Record<string, unknown>) {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    nip: s('nip'),
    status: s('status') || 'DL',
    cuti_type: s('cuti_type'),
    start_date: s('start_date'),
    end_date: s('end_date'),
    document_ref: s('document_ref'),
    note: s('note'),
  };
}
