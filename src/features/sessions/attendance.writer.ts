import type { Transaction } from 'kysely';
import type { Database, NewAttendance, Session, SessionUpdate } from '../../db/database';
import { isUniqueViolation } from '../../db/unique-violation';
import { ConflictError } from '../../http/errors';
import { writeAudit, type AuditActor, type AuditChange } from '../audit/audit.service';
import { refreshEmployeeYearStats } from '../compliance/employee-stats';
import { refreshSessionTotals } from '../compliance/rollup';
import type { Settings } from '../settings/settings.defaults';
import { rollCallChanges, sameRow, type CleanRow } from './roll-call';
import * as repo from './sessions.repository';

/*
 * The one way attendance rows change (docs/DESIGN.md, "Rollups and the attendance writer"): the
 * roll-call form and the API (saveSession, which correction approval also goes through) and
 * hr's "alasan diterima" all call writeAttendance. In the caller's transaction it bumps the
 * session's version, writes the changed rows in batches, refreshes the rollups and writes one
 * audit row, so no path can forget a step. It takes a Transaction, not a Kysely: a write
 * without one could leave rows whose rollups say otherwise.
 */

export interface AttendanceWrite {
  actor: AuditActor;
  /** The session as read in this transaction; undefined: this write creates it at `at`. */
  session: Session | undefined;
  at: { opdId: number; pledgeDate: string };
  /** Session columns written with the version bump (details, state, updated_by, updated_at). */
  set: SessionUpdate;
  /** The rows as they should be; only those that differ from the stored ones are written. */
  rows: CleanRow[];
  /** The session's stored rows when the caller read them in this transaction already (a whole roll-call). */
  stored?: Map<number, repo.SavedRow>;
  /** 'roll-call': `rows` is the whole roll-call and anyone else's stored row goes; 'rows': only these change. */
  scope: 'roll-call' | 'rows';
  settings: Pick<Settings, 'virtual_counts' | 'ladder_pns' | 'ladder_pppk'>;
  audit: SessionAudit | RowAudit;
  /**
   * Work that needs the new rollups and belongs in the audit row (the follow-up of "alasan
   * diterima"); what it returns is added to the audit row's `after`.
   */
  beforeAudit?: (trx: Transaction<Database>, written: Written) => Promise<Record<string, unknown>>;
}

/** A roll-call save: the session's version and state, the caller's details and every row that changed. */
interface SessionAudit {
  entity: 'session';
  action: string;
  nipOf: (employeeId: number) => string;
  /** The session's own fields to record beside the version and state, given the session as saved. */
  describe?: (saved: Session) => { before: Record<string, unknown>; after: Record<string, unknown> };
}

/** A change to one row: its status, cuti type and note before and after. */
interface RowAudit {
  entity: 'attendance';
  action: string;
}

export interface Written {
  /** The session as stored now: the new version, state and totals. */
  session: Session;
  /** Employees whose row was inserted or changed, and those whose row was deleted. */
  changed: number[];
  removed: number[];
}

export async function writeAttendance(trx: Transaction<Database>, w: AttendanceWrite): Promise<Written> {
  // The type already says so; this stops a caller that cast its way past it.
  if (!trx.isTransaction) throw new Error('writeAttendance needs a transaction: rows, rollups and audit commit together');
  const saved = await bumpSession(trx, w);
  const ids = w.scope === 'rows' ? w.rows.map((r) => r.employeeId) : undefined;
  const before = w.stored ?? new Map((w.session ? await repo.findAttendance(trx, saved.id, ids) : []).map((r) => [r.employee_id, r]));
  const { changed, removed } = await writeRows(trx, saved, before, w);
  await refreshSessionTotals(trx, saved.id, w.settings.virtual_counts);
  if (saved.state === 'submitted') {
    // A first submission puts everyone's Monday on their record; later writes only the changed rows.
    const firstSubmission = w.session?.state !== 'submitted';
    const affected = firstSubmission ? [...w.rows.map((r) => r.employeeId), ...removed] : [...changed, ...removed];
    // Also refreshes next year's figures when they exist: a December TK streak runs on.
    await refreshEmployeeYearStats(trx, affected, Number(saved.pledge_date.slice(0, 4)), w.settings);
  }
  const written: Written = { session: (await repo.findSessionById(trx, saved.id))!, changed, removed };
  const extra = w.beforeAudit ? await w.beforeAudit(trx, written) : {};
  await writeAudit(trx, w.actor, auditOf(w, saved, before, removed, extra));
  return written;
}

/**
 * The optimistic check: the version moves on only from the one read in this transaction, so a
 * concurrent writer on PostgreSQL waits and then matches nothing (409). Two first saves at once:
 * the unique (opd_id, pledge_date) lets only one through.
 */
async function bumpSession(trx: Transaction<Database>, w: AttendanceWrite): Promise<Session> {
  if (w.session) {
    const updated = await repo.updateSessionAt(trx, w.session.id, w.session.version, w.set);
    if (!updated) throw new ConflictError('sessions.errors.stale');
    return updated;
  }
  try {
    return await repo.insertSession(trx, {
      ...(w.set as Required<SessionUpdate>),
      opd_id: w.at.opdId,
      pledge_date: w.at.pledgeDate,
      state: w.set.state ?? 'draft',
      created_by: w.set.updated_by ?? null,
      created_at: w.set.updated_at!,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('sessions.errors.stale');
    throw err;
  }
}

/** Upserts only the rows that changed and, for a whole roll-call, deletes rows of people no longer on it. */
async function writeRows(trx: Transaction<Database>, session: Session, before: Map<number, repo.SavedRow>, w: AttendanceWrite) {
  const keep = new Set(w.rows.map((r) => r.employeeId));
  const removed = w.scope === 'roll-call' ? [...before.keys()].filter((id) => !keep.has(id)) : [];
  const changedRows = w.rows.filter((r) => !sameRow(before.get(r.employeeId), r));
  const values: NewAttendance[] = changedRows.map((r) => ({
    session_id: session.id,
    employee_id: r.employeeId,
    opd_id: session.opd_id,
    pledge_date: session.pledge_date,
    status: r.status,
    cuti_type: r.cuti_type,
    note: r.note,
    planned_absence_id: r.planned_absence_id,
  }));
  await repo.upsertAttendance(trx, values);
  await repo.deleteAttendance(trx, session.id, removed);
  return { changed: changedRows.map((r) => r.employeeId), removed };
}

function auditOf(w: AttendanceWrite, saved: Session, before: Map<number, repo.SavedRow>, removed: number[], extra: Record<string, unknown>): AuditChange {
  if (w.audit.entity === 'attendance') {
    if (w.rows.length !== 1) throw new Error('An attendance audit row describes exactly one row');
    const row = w.rows[0];
    const old = before.get(row.employeeId);
    return {
      entity: 'attendance',
      entityId: `${saved.id}:${row.employeeId}`,
      action: w.audit.action,
      opdId: saved.opd_id,
      before: old ? { status: old.status, cuti_type: old.cuti_type, note: old.note } : null,
      after: { status: row.status, cuti_type: row.cuti_type, note: row.note, ...extra },
    };
  }
  const details = w.audit.describe?.(saved) ?? { before: {}, after: {} };
  return {
    entity: 'session',
    entityId: saved.id,
    action: w.audit.action,
    opdId: saved.opd_id,
    before: w.session ? { version: w.session.version, state: w.session.state, ...details.before } : null,
    after: {
      version: saved.version,
      state: saved.state,
      ...details.after,
      ...extra,
      attendance: rollCallChanges(before, w.rows, w.audit.nipOf, removed),
    },
  };
}
