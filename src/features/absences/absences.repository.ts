import { sql, type Insertable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database, ImportTable, PlannedAbsence, PlannedStatus } from '../../db/database';
import type { UnitScope } from '../../policy';

/** What the list filters by; `units` also scopes an opd user to their own unit. */
export interface AbsenceFilter {
  units: UnitScope;
  status: PlannedStatus | null;
  /** Absences covering this date. */
  date: string | null;
  q: string | null;
  show: 'current' | 'all' | 'cancelled';
  today: string;
}

export interface AbsenceListRow {
  id: number;
  employee_id: number;
  nip: string;
  name: string;
  status: PlannedStatus;
  cuti_type: string | null;
  start_date: string;
  end_date: string;
  document_ref: string;
  note: string | null;
  cancelled_at: string | null;
  opd_code: string | null;
  opd_id: number | null;
}

type Q = SelectQueryBuilder<Database, 'planned_absences' | 'employees', object>;

/**
 * An absence belongs to an OPD when the person was assigned to it at any time during the
 * absence: it pre-fills that OPD's roll-calls, so that OPD sees it (and a transfer does not hide
 * an absence from the unit it concerned).
 */
function concernsOpd(opdIds: number[]) {
  return sql<SqlBool>`exists (select 1 from assignments a
    where a.employee_id = planned_absences.employee_id and a.opd_id in (${sql.join(opdIds)})
      and a.start_date <= planned_absences.end_date
      and (a.end_date is null or a.end_date > planned_absences.start_date))`;
}

function filtered(db: Db, f: AbsenceFilter): Q {
  let q = db.selectFrom('planned_absences').innerJoin('employees', 'employees.id', 'planned_absences.employee_id') as Q;
  if (f.units.kind === 'units') q = q.where(concernsOpd(f.units.ids));
  if (f.status) q = q.where('planned_absences.status', '=', f.status);
  if (f.date) q = q.where('planned_absences.start_date', '<=', f.date).where('planned_absences.end_date', '>=', f.date);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb('employees.nip', 'like', `${f.q!.replace(/\s/g, '')}%`),
        eb(sql`lower(employees.name)`, 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (f.show === 'cancelled') return q.where('planned_absences.cancelled_at', 'is not', null);
  q = q.where('planned_absences.cancelled_at', 'is', null);
  return f.show === 'current' ? q.where('planned_absences.end_date', '>=', f.today) : q;
}

const nothing = (units: UnitScope) => units.kind === 'units' && units.ids.length === 0;

export async function countAbsences(db: Db, f: AbsenceFilter): Promise<number> {
  if (nothing(f.units)) return 0;
  const row = await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page, newest first, with each person's unit today. */
export async function findAbsences(db: Db, f: AbsenceFilter, limit: number, offset: number): Promise<AbsenceListRow[]> {
  if (nothing(f.units)) return [];
  return filtered(db, f)
    .leftJoin('assignments as cur', (j) =>
      j
        .onRef('cur.employee_id', '=', 'employees.id')
        .on('cur.start_date', '<=', f.today)
        .on((eb) => eb.or([eb('cur.end_date', 'is', null), eb('cur.end_date', '>', f.today)])),
    )
    .leftJoin('opds', 'opds.id', 'cur.opd_id')
    .select([
      'planned_absences.id',
      'planned_absences.employee_id',
      'employees.nip',
      'employees.name',
      'planned_absences.status',
      'planned_absences.cuti_type',
      'planned_absences.start_date',
      'planned_absences.end_date',
      'planned_absences.document_ref',
      'planned_absences.note',
      'planned_absences.cancelled_at',
      'opds.code as opd_code',
      'opds.id as opd_id',
    ])
    .orderBy('planned_absences.start_date', 'desc')
    .orderBy('planned_absences.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export function findAbsence(db: Db, id: number): Promise<PlannedAbsence | undefined> {
  return db.selectFrom('planned_absences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the absence concerns one of the OPDs (see concernsOpd). */
export async function absenceConcernsOpd(db: Db, id: number, opdIds: number[]): Promise<boolean> {
  if (opdIds.length === 0) return false;
  const row = await db
    .selectFrom('planned_absences')
    .select('id')
    .where('id', '=', id)
    .where(concernsOpd(opdIds))
    .executeTakeFirst();
  return row !== undefined;
}

export interface EmployeeUnit {
  id: number;
  nip: string;
  name: string;
  active_from: string;
  active_to: string | null;
  /** The OPD the person is assigned to today, if any. */
  opd_id: number | null;
}

/** People by NIP with their unit today; chunked to stay under bound-parameter limits. */
export async function findEmployeesByNip(db: Db, nips: string[], today: string): Promise<EmployeeUnit[]> {
  const out: EmployeeUnit[] = [];
  for (let i = 0; i < nips.length; i += 1000) {
    const rows = await db
      .selectFrom('employees')
      .leftJoin('assignments as cur', (j) =>
        j
          .onRef('cur.employee_id', '=', 'employees.id')
          .on('cur.start_date', '<=', today)
          .on((eb) => eb.or([eb('cur.end_date', 'is', null), eb('cur.end_date', '>', today)])),
      )
      .select(['employees.id', 'employees.nip', 'employees.name', 'employees.active_from', 'employees.active_to', 'cur.opd_id'])
      .where('employees.nip', 'in', nips.slice(i, i + 1000))
      .execute();
    out.push(...rows);
  }
  return out;
}

export interface Range {
  id: number;
  employee_id: number;
  status: string;
  start_date: string;
  end_date: string;
  document_ref: string;
}

/** Uncancelled absences of these people that touch [from, to]. */
export async function findActiveRanges(db: Db, employeeIds: number[], from: string, to: string): Promise<Range[]> {
  const out: Range[] = [];
  for (let i = 0; i < employeeIds.length; i += 1000) {
    const rows = await db
      .selectFrom('planned_absences')
      .select(['id', 'employee_id', 'status', 'start_date', 'end_date', 'document_ref'])
      .where('employee_id', 'in', employeeIds.slice(i, i + 1000))
      .where('cancelled_at', 'is', null)
      .where('start_date', '<=', to)
      .where('end_date', '>=', from)
      .execute();
    out.push(...rows);
  }
  return out;
}

export type NewAbsenceRow = Omit<PlannedAbsence, 'id' | 'cancelled_by' | 'cancelled_at'>;

export async function insertAbsences(db: Db, rows: NewAbsenceRow[]): Promise<PlannedAbsence[]> {
  const out: PlannedAbsence[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({ ...r, cancelled_by: null, cancelled_at: null }));
    out.push(...(await db.insertInto('planned_absences').values(chunk).returningAll().execute()));
  }
  return out;
}

export async function markCancelled(db: Db, id: number, userId: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('planned_absences')
    .set({ cancelled_by: userId, cancelled_at: at })
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findOpdOptions(db: Db) {
  return db.selectFrom('opds').select(['id', 'code', 'name']).orderBy('code').execute();
}

export function findUnitOfEmployee(db: Db, employeeId: number, today: string): Promise<number | null> {
  return db
    .selectFrom('assignments')
    .select('opd_id')
    .where('employee_id', '=', employeeId)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', today)]))
    .executeTakeFirst()
    .then((r) => r?.opd_id ?? null);
}

/** A stored upload awaiting its commit (imports table, shared with the employee import). */
export async function insertImport(db: Db, row: Insertable<ImportTable>): Promise<number> {
  const { id } = await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findImportOf(db: Db, id: number, kind: string, userId: number) {
  return db.selectFrom('imports').selectAll().where('id', '=', id).where('kind', '=', kind).where('user_id', '=', userId).executeTakeFirst();
}

/** Marks an import committed; false when another request did it first. */
export async function claimImport(db: Db, id: number, at: string): Promise<boolean> {
  const claimed = await db.updateTable('imports').set({ committed_at: at }).where('id', '=', id).where('committed_at', 'is', null).executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}
