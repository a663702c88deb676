import type { AuditEntry } from '../../db/database';
import type { Translate } from '../../i18n/t';

export interface AuditChangeView {
  field: string;
  before: string;
  after: string;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  changes: AuditChangeView[];
}

/** A translated label when the dictionary has one, else the raw value (new actions still read). */
export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** before/after documents as one line per field that appears in either. */
export function changesOf(t: Translate, before: unknown, after: unknown): AuditChangeView[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === undefined && after === undefined) return [];
    return [{ field: '', before: show(before), after: show(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((f) => ({ field: label(t, 'audit.fields', f), before: show(b[f]), after: show(a[f]) }));
}

export function presentAudit(t: Translate, rows: AuditEntry[]): AuditEntryView[] {
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    entity: label(t, 'audit.entities', r.entity),
    entityId: r.entity_id,
    action: label(t, 'audit.actions', r.action),
    changes: changesOf(t, parse(r.before), parse(r.after)),
  }));
}

export function presentEntities(t: Translate, entities: string[]): { value: string; label: string }[] {
  return entities.map((e) => ({ value: e, label: label(t, 'audit.entities', e) }));
}
