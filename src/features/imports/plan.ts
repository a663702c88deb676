import type { Category, OpdPeriod } from '../../db/database';
import { isActiveOn } from '../../lib/calendar';
import { slicer } from '../../lib/cooperate';
import { normalizeNip, validateNip } from '../../lib/nip';
import { quoted } from '../../lib/problems';
import { parseCategory, parseGender, type ImportRecord } from './columns';

/** An employee as stored, with the open assignment (the unit the import compares against). */
export interface Snapshot {
  id: number;
  nip: string;
  name: string;
  gender: 'L' | 'P';
  category: Category;
  position: string | null;
  rank: string | null;
  active_to: string | null;
  assignment_id: number | null;
  assignment_start: string | null;
  opd_id: number | null;
}

export interface PlanContext {
  opds: OpdPeriod[];
  existing: Map<string, Snapshot>;
  /** New people start, unit changes and deactivations take effect on this date. */
  effectiveDate: string;
  /** When the file covers one OPD, only that OPD's people can be "absent from the file". */
  scopeOpdId: number | null;
  today: string;
}

export interface Reason {
  key: string;
  vars?: Record<string, string | number>;
}
export interface Rejection {
  line: number;
  nip: string;
  name: string;
  reasons: Reason[];
}
export interface Change {
  field: string;
  from: string | null;
  to: string | null;
}
export interface Fields {
  nip: string;
  name: string;
  gender: 'L' | 'P';
  category: Category;
  position: string | null;
  rank: string | null;
}
export interface Create extends Fields {
  line: number;
  opdId: number;
  opdCode: string;
}
export interface Update extends Fields {
  line: number;
  id: number;
  opdId: number;
  opdCode: string;
  reactivate: boolean;
  /** How the unit changes: none, close the open assignment and add one, fix a same-day one, or add the first. */
  unit: 'none' | 'move' | 'replace' | 'add';
  assignmentId: number | null;
  changes: Change[];
}
export interface Plan {
  creates: Create[];
  updates: Update[];
  unchanged: number;
  rejected: Rejection[];
  absent: Snapshot[];
}

const MAX = { name: 150, position: 150, rank: 60 };
const squashName = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
// Excel shows an 18-digit number as 1,98503E+17 and a CSV saved from it keeps that text.
const SCIENTIFIC = /^\d+([.,]\d+)?e\+?\d+$/i;

/**
 * Decides, row by row, what an import would do: pure, so the preview and the commit (which
 * re-validates against the database as it is then) run the same rules. 100,000 rows take
 * most of a second, so the loop pauses for other requests as it goes.
 */
export async function buildPlan(records: ImportRecord[], ctx: PlanContext): Promise<Plan> {
  const findOpd = opdFinder(ctx.opds);
  const firstLine = new Map<string, number>();
  const plan: Plan = { creates: [], updates: [], unchanged: 0, rejected: [], absent: [] };
  const pause = slicer();

  for (const r of records) {
    await pause();
    const checked = checkRecord(r, ctx, findOpd, firstLine);
    if ('reasons' in checked) {
      plan.rejected.push({ line: r.line, nip: r.nip, name: r.name, reasons: checked.reasons });
      continue;
    }
    const { fields, opd, existing } = checked;
    if (!existing) {
      plan.creates.push({ ...fields, line: r.line, opdId: opd.id, opdCode: opd.code });
      continue;
    }
    const update = compare(existing, fields, opd, ctx);
    if ('rejection' in update) plan.rejected.push({ line: r.line, nip: r.nip, name: r.name, reasons: [update.rejection] });
    else if (update.changes.length === 0) plan.unchanged++;
    else plan.updates.push({ ...update, line: r.line });
  }

  for (const e of ctx.existing.values()) {
    await pause();
    const inService = e.active_to === null || e.active_to >= ctx.effectiveDate;
    const inScope = ctx.scopeOpdId === null || e.opd_id === ctx.scopeOpdId;
    if (inService && inScope && !firstLine.has(e.nip)) plan.absent.push(e);
  }
  return plan;
}

/** A unit by its code, or by its name (exports often carry "Unit Kerja" names, not codes). */
function opdFinder(opds: OpdPeriod[]) {
  const byCode = new Map(opds.map((o) => [o.code.toUpperCase(), o]));
  const byName = new Map(opds.map((o) => [squashName(o.name), o]));
  return (value: string) => byCode.get(value.toUpperCase()) ?? byName.get(squashName(value));
}

type Checked = { reasons: Reason[] } | { fields: Fields; opd: OpdPeriod; existing: Snapshot | undefined };

/** Every rule on one row; all reasons at once, so one upload shows everything to fix. */
function checkRecord(
  r: ImportRecord,
  ctx: PlanContext,
  findOpd: (value: string) => OpdPeriod | undefined,
  firstLine: Map<string, number>,
): Checked {
  const nip = normalizeNip(r.nip).toUpperCase();
  const reasons: Reason[] = [];
  const reject = (key: string, vars?: Reason['vars']) => reasons.push({ key, vars });

  if (!r.name) reject('imports.reasons.missing_name');
  for (const f of ['name', 'position', 'rank'] as const) {
    if ((r[f]?.length ?? 0) > MAX[f]) reject('imports.reasons.too_long', { field: f, n: MAX[f] });
  }
  const category = r.category ? parseCategory(r.category) : null;
  if (!r.category) reject('imports.reasons.missing_category');
  else if (!category) reject('imports.reasons.bad_category', { value: quoted(r.category) });
  const fileGender = r.gender ? parseGender(r.gender) : null;
  if (r.gender && !fileGender) reject('imports.reasons.bad_gender', { value: quoted(r.gender) });
  const opd = r.unit ? findOpd(r.unit) : undefined;
  if (!r.unit) reject('imports.reasons.missing_unit');
  else if (!opd) reject('imports.reasons.unknown_unit', { value: quoted(r.unit) });
  else if (!isActiveOn(opd, ctx.effectiveDate)) reject('imports.reasons.inactive_unit', { value: opd.code });

  let nipGender: 'L' | 'P' | null = null;
  let nipOk = false;
  if (r.nipLossy || SCIENTIFIC.test(nip)) reject('imports.reasons.nip_number');
  else if (category) {
    const result = validateNip(nip, category, fileGender, ctx.today);
    nipOk = result.ok;
    if (!result.ok) reject(result.error);
    else if (category !== 'NON_ASN') nipGender = result.gender;
  }
  if (nip && firstLine.has(nip)) reject('imports.reasons.duplicate', { line: firstLine.get(nip)! });
  else if (nip) firstLine.set(nip, r.line);

  const existing = ctx.existing.get(nip);
  const gender = fileGender ?? nipGender ?? existing?.gender ?? null;
  if (!gender && nipOk) reject('imports.reasons.missing_gender');
  if (reasons.length || !opd || !category || !gender) return { reasons };
  const fields: Fields = {
    nip,
    name: r.name,
    gender,
    category,
    // A column the file lacks keeps what is stored; an empty cell clears it.
    position: r.position === undefined ? (existing?.position ?? null) : r.position || null,
    rank: r.rank === undefined ? (existing?.rank ?? null) : r.rank || null,
  };
  return { fields, opd, existing };
}

function compare(e: Snapshot, f: Fields, opd: OpdPeriod, ctx: PlanContext): Omit<Update, 'line'> | { rejection: Reason } {
  const changes: Change[] = [];
  for (const k of ['name', 'gender', 'category', 'position', 'rank'] as const) {
    if (e[k] !== f[k]) changes.push({ field: k, from: e[k], to: f[k] });
  }
  // Someone who left the service and is in the export again comes back from the date.
  const reactivate = e.active_to !== null && e.active_to < ctx.effectiveDate;
  if (reactivate) changes.push({ field: 'status', from: 'inactive', to: 'active' });
  let unit: Update['unit'] = 'none';
  if (e.opd_id !== opd.id) {
    if (e.assignment_start === null) unit = 'add';
    else if (e.assignment_start < ctx.effectiveDate) unit = 'move';
    else if (e.assignment_start === ctx.effectiveDate) unit = 'replace';
    else return { rejection: { key: 'imports.reasons.later_assignment', vars: { date: e.assignment_start } } };
    const from = ctx.opds.find((o) => o.id === e.opd_id)?.code ?? null;
    changes.push({ field: 'opd', from, to: opd.code });
  }
  return { ...f, id: e.id, opdId: opd.id, opdCode: opd.code, reactivate, unit, assignmentId: e.assignment_id, changes };
}
