import type { AuditEntry } from '../../db/database';

/*
 * Which fields of an audit document hold a reference by id, so the trail can show the name
 * behind it: a user (who created, cancelled, decided), an employee, a unit, a session.
 */
export interface AuditRefIds {
  users: number[];
  employees: number[];
  opds: number[];
  sessions: number[];
}

export type RefKind = keyof AuditRefIds;

export function refKindOf(field: string): RefKind | null {
  if (field === 'user_id' || field.endsWith('_by')) return 'users';
  if (field === 'employee_id') return 'employees';
  if (field === 'opd_id' || field === 'parent_id') return 'opds';
  if (field === 'session_id') return 'sessions';
  return null;
}

/** The kind of record an audit row's entity_id points at, when it is a row id. */
export function entityRefKind(entity: string): RefKind | null {
  const kinds: Record<string, RefKind> = { user: 'users', employee: 'employees', opd: 'opds', session: 'sessions' };
  return kinds[entity] ?? null;
}

/** A stored before/after document; text that is not JSON (older rows) comes back as it is. */
export function parseDoc(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function collect(doc: unknown, into: Record<RefKind, Set<number>>): void {
  if (typeof doc !== 'object' || doc === null) return;
  for (const [field, value] of Object.entries(doc)) {
    const kind = refKindOf(field);
    if (kind && typeof value === 'number') into[kind].add(value);
    // A roll-call write lists its changed rows: { employee_id, nip, from, to }.
    if (Array.isArray(value)) for (const item of value) collect(item, into);
  }
}

/** Every id the rows point at, by kind: what findAuditRefs reads. */
export function auditRefIds(rows: AuditEntry[]): AuditRefIds {
  const ids: Record<RefKind, Set<number>> = { users: new Set(), employees: new Set(), opds: new Set(), sessions: new Set() };
  for (const r of rows) {
    if (r.user_id != null) ids.users.add(r.user_id);
    const kind = entityRefKind(r.entity);
    if (kind && /^\d+$/.test(r.entity_id)) ids[kind].add(Number(r.entity_id));
    collect(parseDoc(r.before), ids);
    collect(parseDoc(r.after), ids);
  }
  return { users: [...ids.users], employees: [...ids.employees], opds: [...ids.opds], sessions: [...ids.sessions] };
}
