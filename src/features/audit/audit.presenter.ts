import { DateTime } from 'luxon';
import type { Language } from '../../config';
import type { AuditEntry } from '../../db/database';
import type { Translate } from '../../i18n/t';
import { entityRefKind, parseDoc, refKindOf, type RefKind } from './audit.fields';
import type { AuditRefs } from './audit.repository';

export interface AuditChangeView {
  field: string;
  before: string;
  after: string;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  /** The sign-in name or job behind `actor`, when it differs from the shown name. */
  actorLogin: string | null;
  entity: string;
  entityId: string;
  action: string;
  changes: AuditChangeView[];
}

/** What the trail needs to read like a sentence: the language, the instance zone, the names. */
export interface AuditView {
  t: Translate;
  lang: Language;
  zone: string;
  refs: AuditRefs;
}

/** A translated label when the dictionary has one, else the raw value (new actions still read). */
export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

const FLAGS = new Set(['active', 'held', 'late', 'must_change_password', 'needs_review', 'reason_accepted']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function localTime(v: AuditView, iso: string): string {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(v.zone);
  return dt.isValid ? dt.setLocale(v.lang === 'en' ? 'en-GB' : 'id-ID').toFormat('d LLL yyyy HH.mm') : iso;
}

/** The name behind an id: "Name (NIP)" for an employee, a display name, a unit code. */
function refName(v: AuditView, kind: RefKind, id: number): string | null {
  if (kind === 'employees') {
    const e = v.refs.employees.get(id);
    return e ? `${e.name} (${e.nip})` : null;
  }
  if (kind === 'sessions') {
    const s = v.refs.sessions.get(id);
    return s ? `${s.opdCode} · ${s.pledgeDate}` : null;
  }
  return v.refs[kind].get(id) ?? null;
}

function rollCallLine(v: AuditView, item: Record<string, unknown>): string {
  const who = typeof item.employee_id === 'number' ? refName(v, 'employees', item.employee_id) : null;
  return `${who ?? item.nip ?? '?'}: ${item.from ?? '–'} → ${item.to ?? '–'}`;
}

function show(v: AuditView, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  const kind = refKindOf(field);
  if (kind && typeof value === 'number') return refName(v, kind, value) ?? `#${value}`;
  if (FLAGS.has(field) && (value === 0 || value === 1 || typeof value === 'boolean')) return v.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string') return field.endsWith('_at') && ISO_TIME.test(value) ? localTime(v, value) : value;
  if (Array.isArray(value) && value.every((x) => isRecord(x) && 'from' in x)) return value.map((x) => rollCallLine(v, x)).join('; ') || '–';
  return JSON.stringify(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** before/after documents as one line per field that appears in either. */
export function changesOf(v: AuditView, before: unknown, after: unknown): AuditChangeView[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === undefined && after === undefined) return [];
    return [{ field: '', before: show(v, '', before), after: show(v, '', after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((f) => ({ field: label(v.t, 'audit.fields', f), before: show(v, f, b[f]), after: show(v, f, a[f]) }));
}

function entityName(v: AuditView, r: AuditEntry): string {
  const kind = entityRefKind(r.entity);
  const name = kind && /^\d+$/.test(r.entity_id) ? refName(v, kind, Number(r.entity_id)) : null;
  return name ?? `#${r.entity_id}`;
}

export function presentAudit(v: AuditView, rows: AuditEntry[]): AuditEntryView[] {
  return rows.map((r) => {
    const name = r.user_id != null ? v.refs.users.get(r.user_id) : undefined;
    return {
      id: r.id,
      at: r.at,
      actor: name ?? r.actor,
      actorLogin: name && name !== r.actor ? r.actor : null,
      entity: label(v.t, 'audit.entities', r.entity),
      entityId: entityName(v, r),
      action: label(v.t, 'audit.actions', r.action),
      changes: changesOf(v, parseDoc(r.before), parseDoc(r.after)),
    };
  });
}

export function presentEntities(t: Translate, entities: string[]): { value: string; label: string }[] {
  return entities.map((e) => ({ value: e, label: label(t, 'audit.entities', e) }));
}
