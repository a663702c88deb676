import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Category, Database } from '../../db/database';
import type { UnitScope } from '../../policy';

/*
 * Who signed a pact, per unit. Expected are the people the roll-call expects (docs/DESIGN.md,
 * "Calendar"): assigned to the unit today, in service today, of a category that must attend.
 * Signed are those of them with a signature of the pact, wherever they worked when they
 * signed: a transfer does not make a person sign again, and a unit's figure never passes 100%.
 */
export interface Expectation {
  pactId: number;
  today: string;
  categories: Category[];
}

type Tables = Database & { o: Database['opds']; a: Database['assignments']; e: Database['employees'] };

function assignedToday(today: string) {
  return (eb: ExpressionBuilder<Tables, 'a'>) => eb.and([eb('a.start_date', '<=', today), eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)])]);
}

function expectedToday(x: Expectation) {
  return (eb: ExpressionBuilder<Tables, 'e'>) =>
    eb.and([eb('e.active_from', '<=', x.today), eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', x.today)]), eb('e.category', 'in', x.categories)]);
}

/** The units in scope that exist today (an opd user's own one), by name. */
function unitsToday(db: Db, scope: UnitScope, today: string) {
  let q = db
    .selectFrom('opds as o')
    .where('o.active_from', '<=', today)
    .where((eb) => eb.or([eb('o.active_to', 'is', null), eb('o.active_to', '>=', today)]));
  if (scope.kind === 'units') q = q.where('o.id', 'in', scope.ids.length ? scope.ids : [-1]);
  return q;
}

export interface UnitFigures {
  id: number;
  code: string;
  name: string;
  expected: number;
  signed: number;
}

/**
 * Signed and expected people of every unit in scope: one grouped scan (a Pemda has tens of
 * units, a province a few hundred), which the page slices and the CSV and the totals read whole.
 */
export async function findUnitFigures(db: Db, scope: UnitScope, x: Expectation): Promise<UnitFigures[]> {
  if (!x.categories.length) x = { ...x, categories: ['__none__' as Category] };
  const rows = await unitsToday(db, scope, x.today)
    .leftJoin('assignments as a', (join) => join.onRef('a.opd_id', '=', 'o.id').on(assignedToday(x.today)))
    .leftJoin('employees as e', (join) => join.onRef('e.id', '=', 'a.employee_id').on(expectedToday(x)))
    .leftJoin('pact_signatures as s', (join) => join.onRef('s.employee_id', '=', 'e.id').on('s.pact_id', '=', x.pactId))
    .select(['o.id', 'o.code', 'o.name', (eb) => eb.fn.count<number>('e.id').as('expected'), (eb) => eb.fn.count<number>('s.id').as('signed')])
    .groupBy(['o.id', 'o.code', 'o.name'])
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ ...r, expected: Number(r.expected), signed: Number(r.signed) }));
}

export interface PersonRow {
  id: number;
  nip: string;
  name: string;
  position: string | null;
  signed_at: string | null;
}

/** The expected people of one unit with their signature (or none), by name; a page, or all of them. */
export async function findUnitPeople(db: Db, opdId: number, x: Expectation, page?: { size: number; offset: number }): Promise<PersonRow[]> {
  if (!x.categories.length) return [];
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .leftJoin('pact_signatures as s', (join) => join.onRef('s.employee_id', '=', 'e.id').on('s.pact_id', '=', x.pactId))
    .select(['e.id', 'e.nip', 'e.name', 'e.position', 's.signed_at'])
    .where('a.opd_id', '=', opdId)
    .where(assignedToday(x.today))
    .where(expectedToday(x))
    .orderBy('e.name')
    .orderBy('e.nip');
  if (page) q = q.limit(page.size).offset(page.offset);
  return q.execute();
}
