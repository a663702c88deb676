import type { Opd } from '../../db/database';
import { isActiveOn } from '../../lib/calendar';

export interface OpdNode {
  code: string;
  name: string;
  kind: string;
  active: boolean;
  activeTo: string | null;
  employees: number;
  children: OpdNode[];
}

/**
 * Units as a tree (parents, then sub-units), each level sorted by code. A unit whose parent is
 * not in `opds` (an opd user sees only its own) becomes a root.
 */
export function opdTree(opds: Opd[], counts: Map<number, number>, today: string): OpdNode[] {
  const ids = new Set(opds.map((o) => o.id));
  const childrenOf = new Map<number | null, Opd[]>();
  for (const o of opds) {
    const parent = o.parent_id !== null && ids.has(o.parent_id) ? o.parent_id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), o]);
  }
  const build = (parent: number | null, seen: Set<number>): OpdNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((o) => !seen.has(o.id))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => ({
        code: o.code,
        name: o.name,
        kind: o.kind,
        active: isActiveOn(o, today),
        activeTo: o.active_to,
        employees: counts.get(o.id) ?? 0,
        children: build(o.id, new Set([...seen, o.id])),
      }));
  return build(null, new Set());
}

export interface ParentOption {
  id: number;
  label: string;
}

/** The parent select: the tree flattened, indented with dashes, without `exclude`. */
export function parentOptions(opds: Opd[], exclude: Set<number> = new Set()): ParentOption[] {
  const byParent = new Map<number | null, Opd[]>();
  for (const o of opds) byParent.set(o.parent_id, [...(byParent.get(o.parent_id) ?? []), o]);
  const out: ParentOption[] = [];
  const walk = (parent: number | null, depth: number, seen: Set<number>) => {
    for (const o of (byParent.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      if (exclude.has(o.id) || seen.has(o.id)) continue;
      out.push({ id: o.id, label: `${'— '.repeat(depth)}${o.code} · ${o.name}` });
      walk(o.id, depth + 1, new Set([...seen, o.id]));
    }
  };
  walk(null, 0, new Set());
  return out;
}

/** What the edit form shows: the stored row, or the user's input after a refusal. */
export function opdForm(opd: Opd): Record<string, string> {
  return {
    code: opd.code,
    name: opd.name,
    kind: opd.kind,
    parent_id: opd.parent_id === null ? '' : String(opd.parent_id),
    active_from: opd.active_from,
    head_name: opd.head_name ?? '',
    head_rank: opd.head_rank ?? '',
    head_nip: opd.head_nip ?? '',
    check_in: opd.check_in ? '1' : '',
    apel_lat: opd.apel_lat === null ? '' : String(opd.apel_lat),
    apel_lng: opd.apel_lng === null ? '' : String(opd.apel_lng),
    apel_radius_m: opd.apel_radius_m === null ? '' : String(opd.apel_radius_m),
  };
}
