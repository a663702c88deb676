import type { Opd } from '../../db/database';
import type { Translate } from '../../i18n/t';
import { formatNip } from '../../lib/nip';
import type { ImportPayload } from './imports.service';
import type { Change, Reason } from './plan';

function reasonText(t: Translate, r: Reason): string {
  const vars = { ...r.vars };
  if (typeof vars.field === 'string') vars.field = t(`imports.fields.${vars.field}`);
  return t(r.key, vars);
}

/** A stored value as people read it: categories and genders by their label. */
function valueText(t: Translate, field: string, v: string | null): string {
  if (v === null || v === '') return '–';
  if (field === 'gender') return t(`employees.genders.${v}`);
  if (field === 'category') return t(`employees.categories.${v}`);
  if (field === 'status') return t(`imports.status.${v}`);
  return v;
}

function changeText(t: Translate, c: Change) {
  return { field: t(`imports.fields.${c.field}`), before: valueText(t, c.field, c.from), after: valueText(t, c.field, c.to) };
}

export function presentImport(
  t: Translate,
  row: { id: number; filename: string; created_at: string; committed_at: string | null; payload: ImportPayload },
  opds: Opd[],
) {
  const { summary, result } = row.payload;
  const codeOf = new Map(opds.map((o) => [o.id, o.code]));
  const c = summary.counts;
  return {
    id: row.id,
    filename: row.filename,
    createdAt: row.created_at,
    committedAt: row.committed_at,
    effectiveDate: row.payload.effectiveDate,
    scopeOpd: row.payload.scopeOpdId === null ? null : (codeOf.get(row.payload.scopeOpdId) ?? null),
    counts: c,
    result,
    creates: summary.creates.map((x) => ({ ...x, nipDisplay: formatNip(x.nip) })),
    updates: summary.updates.map((u) => ({ ...u, nipDisplay: formatNip(u.nip), changes: u.changes.map((ch) => changeText(t, ch)) })),
    rejected: summary.rejected.map((r) => ({ line: r.line, nip: r.nip, name: r.name, reasons: r.reasons.map((x) => reasonText(t, x)) })),
    absent: summary.absent.map((a) => ({ ...a, nipDisplay: formatNip(a.nip), opdCode: a.opdId === null ? null : codeOf.get(a.opdId) })),
    more: {
      creates: c.new - summary.creates.length,
      updates: c.changed - summary.updates.length,
      rejected: c.rejected - summary.rejected.length,
      absent: c.absent - summary.absent.length,
    },
    canCommit: row.committed_at === null && c.rejected === 0 && c.new + c.changed + c.absent > 0,
  };
}

/** A whole-file problem in the user's language; missing columns are named by their label. */
export function fileErrorText(t: Translate, key: string, vars: Record<string, string | number>): string {
  const v = { ...vars };
  if (typeof v.columns === 'string') v.columns = v.columns.split(',').map((f) => t(`imports.fields.${f.trim()}`)).join(', ');
  return t(key, v);
}
