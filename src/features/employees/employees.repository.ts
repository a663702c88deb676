import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, Employee, EmployeeUpdate, NewEmployee } from '../../db/database';
import type { UnitScope } from '../../policy';
import type { Sort } from './employees.schema';

export interface EmployeeFilter {
  q: string;
  /** The units whose people are listed (by their unit on `today`). */
  units: UnitScope;
  category: Category | '';
  status: 'active' | 'inactive' | 'all';
  /** The day whose assignment gives each person's unit, in the instance zone. */
  today: string;
}

export interface EmployeeListRow {
  id: number;
  nip: string;
  name: string;
  category: Category;
  position: string | null;
  active_to: string | null;
  opd_code: string | null;
  opd_name: string | null;
}

/** LIKE with the user's %, _ and \ taken literally. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The employees matching the filters, on `employees` alone: the OPD filter is a subquery on
 * the assignments_opd index, so the count needs no join. The page's rows join the unit.
 */
function filtered(db: Db, f: EmployeeFilter) {
  let q = db.selectFrom('employees as e');
  if (f.units.kind === 'units') {
    const ids = f.units.ids;
    q = q.where('e.id', 'in', (eb) =>
      eb
        .selectFrom('assignments as m')
        .select('m.employee_id')
        .where('m.opd_id', 'in', ids)
        .where('m.start_date', '<=', f.today)
        .where((w) => w.or([w('m.end_date', 'is', null), w('m.end_date', '>', f.today)])),
    );
  }
  if (f.category) q = q.where('e.category', '=', f.category);
  if (f.status === 'active') q = q.where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', f.today)]));
  if (f.status === 'inactive') q = q.where('e.active_to', '<', f.today);
  if (f.q) {
    // A name anywhere in the name (case-insensitive on both databases), or a NIP by its prefix
    // typed with or without the spaces and dots of a printed NIP.
    const name = `%${likeEscape(f.q.toLowerCase())}%`;
    const nip = `${likeEscape(f.q.replace(/[\s.]/g, '').toUpperCase())}%`;
    q = q.where((eb) =>
      eb.or([sql<boolean>`lower(e.name) like ${name} escape '\\'`, sql<boolean>`e.nip like ${nip} escape '\\'`]),
    );
  }
  return q;
}

const ORDER: Record<string, ('e.name' | 'e.nip' | 'o.code' | 'e.category')[]> = {
  name: ['e.name', 'e.nip'],
  nip: ['e.nip'],
  opd: ['o.code', 'e.name', 'e.nip'],
  category: ['e.category', 'e.name', 'e.nip'],
};

/** One page of the list and the total, never more rows than the page (63,000 people). */
export async function findEmployeePage(
  db: Db,
  f: EmployeeFilter,
  sort: Sort,
  page: number,
  size: number,
): Promise<{ rows: EmployeeListRow[]; total: number }> {
  if (f.units.kind === 'units' && f.units.ids.length === 0) return { rows: [], total: 0 };
  const desc = sort.startsWith('-');
  let q = filtered(db, f)
    .leftJoin('assignments as a', (join) =>
      join
        .onRef('a.employee_id', '=', 'e.id')
        .on('a.start_date', '<=', f.today)
        .on((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', f.today)])),
    )
    .leftJoin('opds as o', 'o.id', 'a.opd_id')
    .select([
    'e.id',
    'e.nip',
    'e.name',
    'e.category',
    'e.position',
    'e.active_to',
    'o.code as opd_code',
    'o.name as opd_name',
  ]);
  for (const col of ORDER[desc ? sort.slice(1) : sort]) q = q.orderBy(col, desc ? 'desc' : 'asc');
  // A name search reads every employee twice (the page and the count). On PostgreSQL the two
  // run at once on two pooled connections, halving the wait (docs/BENCHMARKS.md); SQLite runs them in turn.
  const [rows, { n }] = await Promise.all([
    q.limit(size).offset((page - 1) * size).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(n) };
}

export function findEmployeeByNip(db: Db, nip: string): Promise<Employee | undefined> {
  return db.selectFrom('employees').selectAll().where('nip', '=', nip).executeTakeFirst();
}

export function findEmployeeById(db: Db, id: number): Promise<Employee | undefined> {
  return db.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertEmployee(db: Db, row: NewEmployee): Promise<Employee> {
  return db.insertInto('employees').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateEmployeeRow(db: Db, id: number, changes: EmployeeUpdate): Promise<void> {
  await db.updateTable('employees').set(changes).where('id', '=', id).execute();
}
