import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { ConflictError, NotFoundError } from '../../http/errors';
import { nowIso } from '../../lib/clock';
import { insertAuditRows } from '../audit/audit.repository';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { applyPlan } from './apply-plan';
import { matchColumns, toRecords, type ImportRecord } from './columns';
import {
  deleteStaleImports,
  findImport,
  insertImport,
  loadOpdRefs,
  loadSnapshot,
  markCommitted,
  updateImportPayload,
} from './imports.repository';
import { buildPlan, type Plan, type Rejection } from './plan';
import { detectKind, ImportFileError, readTable } from './read-table';

/** What an import keeps between preview and commit (imports.payload, JSON). */
export interface ImportPayload {
  effectiveDate: string;
  scopeOpdId: number | null;
  /** The rows as read, so the commit re-validates them against the database as it is then. */
  records: ImportRecord[];
  summary: PreviewSummary;
  result?: { created: number; updated: number; deactivated: number };
}

export interface PreviewSummary {
  counts: { rows: number; new: number; changed: number; unchanged: number; rejected: number; absent: number };
  creates: { line: number; nip: string; name: string; opdCode: string }[];
  updates: { line: number; nip: string; name: string; changes: Plan['updates'][number]['changes'] }[];
  rejected: Rejection[];
  absent: { nip: string; name: string; opdId: number | null }[];
}

/** How many rows of each list the preview keeps; the counts are always complete. */
export const SHOWN = { creates: 200, updates: 500, rejected: 1000, absent: 500 };

export function summarize(plan: Plan, rows: number): PreviewSummary {
  return {
    counts: {
      rows,
      new: plan.creates.length,
      changed: plan.updates.length,
      unchanged: plan.unchanged,
      rejected: plan.rejected.length,
      absent: plan.absent.length,
    },
    creates: plan.creates.slice(0, SHOWN.creates).map((c) => ({ line: c.line, nip: c.nip, name: c.name, opdCode: c.opdCode })),
    updates: plan.updates.slice(0, SHOWN.updates).map((u) => ({ line: u.line, nip: u.nip, name: u.name, changes: u.changes })),
    rejected: plan.rejected.slice(0, SHOWN.rejected),
    absent: plan.absent.slice(0, SHOWN.absent).map((e) => ({ nip: e.nip, name: e.name, opdId: e.opd_id })),
  };
}

export interface UploadOptions {
  effectiveDate: string;
  scopeOpdId: number | null;
  today: string;
}

async function planFor(db: Db, records: ImportRecord[], o: UploadOptions) {
  return buildPlan(records, {
    opds: await loadOpdRefs(db),
    existing: await loadSnapshot(db),
    effectiveDate: o.effectiveDate,
    scopeOpdId: o.scopeOpdId,
    today: o.today,
  });
}

/** Reads the file, compares it with the database and keeps the preview; returns the import id. */
export async function previewImport(
  db: Kysely<Database>,
  userId: number,
  file: { originalname: string; buffer: Buffer },
  o: UploadOptions,
): Promise<number> {
  const table = await readTable(detectKind(file.originalname, file.buffer), file.buffer);
  const columns = matchColumns(table.header);
  if (columns.missing.length) throw new ImportFileError('imports.errors.missing_columns', { columns: columns.missing.join(', ') });
  if (!table.rows.length) throw new ImportFileError('imports.errors.no_rows');
  const records = toRecords(table, columns);
  const plan = await planFor(db, records, o);
  // A preview with a rejected row cannot be committed: its rows are not kept, only the summary
  // (so a file of 100,000 junk lines leaves a small row, not megabytes).
  const kept = plan.rejected.length ? [] : records;
  const payload: ImportPayload = { effectiveDate: o.effectiveDate, scopeOpdId: o.scopeOpdId, records: kept, summary: summarize(plan, records.length) };
  await deleteStaleImports(db, DateTime.utc().minus({ days: 1 }).toISO()!);
  return insertImport(db, { user_id: userId, opd_id: o.scopeOpdId, filename: file.originalname.slice(0, 200), payload: JSON.stringify(payload), created_at: nowIso() });
}

export async function loadImport(db: Kysely<Database>, id: number, userId: number) {
  const row = await findImport(db, id, userId);
  if (!row) throw new NotFoundError();
  return { ...row, payload: JSON.parse(row.payload) as ImportPayload };
}

/** The file still has rejected rows when the commit re-validates it; nothing was written. */
export class ImportRejectedError extends Error {
  constructor(readonly summary: PreviewSummary) {
    super('imports.errors.still_rejected');
  }
}

/**
 * Commits an import in ONE transaction, or nothing: the rows are validated again against the
 * database as it is now, and any rejected row refuses the whole file.
 */
export async function commitImport(
  db: Kysely<Database>,
  actor: AuditActor & { user: { id: number } },
  id: number,
  deactivateAbsent: boolean,
  today: string,
) {
  const imp = await loadImport(db, id, actor.user.id);
  if (imp.committed_at) throw new ConflictError('imports.errors.already_committed');
  // Its rows were not kept: planning nothing would list everyone as absent from the file.
  if (imp.payload.summary.counts.rejected > 0) throw new ImportRejectedError(imp.payload.summary);
  const o = { effectiveDate: imp.payload.effectiveDate, scopeOpdId: imp.payload.scopeOpdId, today };
  try {
    return await db.transaction().execute(async (trx) => {
      // First, so a second commit of the same import waits on this row and then finds it taken.
      if (!(await markCommitted(trx, id, nowIso()))) throw new ConflictError('imports.errors.already_committed');
      const plan = await planFor(trx, imp.payload.records, o);
      if (plan.rejected.length) throw new ImportRejectedError(summarize(plan, imp.payload.records.length));
      const result = await applyPlan(trx, plan, { effectiveDate: o.effectiveDate, deactivateAbsent });
      await insertAuditRows(trx, actor, result.audit);
      const { audit: _a, ...counts } = result;
      await writeAudit(trx, actor, { entity: 'import', entityId: id, action: 'import_commit', after: { filename: imp.filename, ...counts } });
      // The records are not needed once committed; keep the summary and the outcome.
      const kept: ImportPayload = { ...imp.payload, records: [], summary: summarize(plan, imp.payload.records.length), result: counts };
      await updateImportPayload(trx, id, JSON.stringify(kept));
      return counts;
    });
  } catch (err) {
    if (err instanceof ImportRejectedError) {
      await updateImportPayload(db, id, JSON.stringify({ ...imp.payload, summary: err.summary }));
    }
    throw err;
  }
}
