import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, NewEmployee, OpdPeriod } from '../../db/database';
import type { Snapshot } from './plan';

export const IMPORT_KIND = 'employees';

/**
 * Every employee with the open assignment, in one query: the import compares the whole file
 * with the whole table (63,000 rows is a few MB, read once per preview or commit).
 */
export async function loadSnapshot(db: Db): Promise<Map<string, Snapshot>> {
  const rows = await db
    .selectFrom('employees as e')
    .leftJoin('assignments as a', (j) => j.onRef('a.employee_id', '=', 'e.id').on('a.end_date', 'is', null))
    .select([
      'e.id',
      'e.nip',
      'e.name',
      'e.gender',
      'e.category',
      'e.position',
      'e.rank',
      'e.active_to',
      'a.id as assignment_id',
      'a.start_date as assignment_start',
      'a.opd_id',
    ])
    .orderBy('e.id')
    .orderBy('a.start_date')
    .execute();
  // Should a person have two open assignments, the later one is the current unit.
  return new Map(rows.map((r) => [r.nip, r as Snapshot]));
}

export function loadOpdRefs(db: Db): Promise<OpdPeriod[]> {
  return db.selectFrom('opds').select(['id', 'code', 'name', 'active_from', 'active_to']).execute();
}

export async function insertImport(
  db: Db,
  row: { user_id: number; opd_id: number | null; filename: string; payload: string; created_at: string },
): Promise<number> {
  const { id } = await db.insertInto('imports').values({ ...row, kind: IMPORT_KIND }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findImport(db: Db, id: number, userId: number) {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('kind', '=', IMPORT_KIND)
    .executeTakeFirst();
}

export function findRecentImports(db: Db, userId: number) {
  return db
    .selectFrom('imports')
    .select(['id', 'filename', 'created_at', 'committed_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', IMPORT_KIND)
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
}

/** Marks an import committed; false when another request got there first. */
export async function markCommitted(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('imports')
    .set({ committed_at: at })
    .where('id', '=', id)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Previews nobody committed within a day hold megabytes of rows: drop them. */
export async function deleteStaleImports(db: Db, before: string): Promise<void> {
  await db.deleteFrom('imports').where('kind', '=', IMPORT_KIND).where('committed_at', 'is', null).where('created_at', '<', before).execute();
}

export interface EmployeeValues {
  id: number;
  name: string;
  gender: 'L' | 'P';
  category: Category;
  position: string | null;
  rank: string | null;
}

/**
 * Multi-row UPDATE … FROM (VALUES …): one statement per few thousand employees on both
 * databases (SQLite 3.33+ and PostgreSQL share this syntax). Casts type PostgreSQL's parameters.
 */
export async function updateEmployeesBatch(db: Db, rows: EmployeeValues[], updatedAt: string): Promise<void> {
  const size = 3000;
  for (let i = 0; i < rows.length; i += size) {
    const values = rows
      .slice(i, i + size)
      .map(
        (r) =>
          sql`(cast(${r.id} as integer), cast(${r.name} as text), cast(${r.gender} as text), cast(${r.category} as text),
            cast(${r.position} as text), cast(${r.rank} as text))`,
      );
    await sql`
      with v(id, nm, gd, ct, ps, rk) as (values ${sql.join(values)})
      update employees
      set name = v.nm, gender = v.gd, category = v.ct, position = v.ps, rank = v.rk, updated_at = ${updatedAt}
      from v
      where employees.id = v.id`.execute(db);
  }
}

/** UPDATE … WHERE id IN (…) in chunks, for one value set on many rows. */
export async function closeAssignmentsBatch(db: Db, ids: number[], endDate: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await db.updateTable('assignments').set({ end_date: endDate }).where('id', 'in', ids.slice(i, i + 5000)).execute();
  }
}

export async function moveAssignments(db: Db, moves: { id: number; opdId: number }[]): Promise<void> {
  for (const m of moves) await db.updateTable('assignments').set({ opd_id: m.opdId }).where('id', '=', m.id).execute();
}

/** Sets the service end of many employees at once: a date and reason to leave, or null to come back. */
export async function setServiceEndBatch(
  db: Db,
  ids: number[],
  end: { active_to: string | null; end_reason: string | null },
  updatedAt: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await db
      .updateTable('employees')
      .set({ ...end, updated_at: updatedAt })
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
  }
}

/** Multi-row inserts that give back each new employee's id by NIP. */
export async function insertEmployeesBatch(db: Db, rows: NewEmployee[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 2500) {
    const inserted = await db.insertInto('employees').values(rows.slice(i, i + 2500)).returning(['id', 'nip']).execute();
    for (const r of inserted) ids.set(r.nip, r.id);
  }
  return ids;
}

export async function updateImportPayload(db: Db, id: number, payload: string): Promise<void> {
  await db.updateTable('imports').set({ payload }).where('id', '=', id).execute();
}
