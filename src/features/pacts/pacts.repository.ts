import type { Db } from '../../db/connect';
import type { Insertable, Updateable } from 'kysely';
import type { Pact, PactSignatureTable, PactTable } from '../../db/database';

export function findPact(db: Db, id: number): Promise<Pact | undefined> {
  return db.selectFrom('pacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every pact, the newest period first, with how many have signed it. */
export function findPacts(db: Db, page: { size: number; offset: number }) {
  return db
    .selectFrom('pacts as p')
    .select(['p.id', 'p.title', 'p.valid_from', 'p.valid_to', 'p.closed_at'])
    .select((eb) => eb.selectFrom('pact_signatures as s').whereRef('s.pact_id', '=', 'p.id').select(eb.fn.countAll<number>().as('n')).as('signed'))
    .orderBy('p.valid_from', 'desc')
    .orderBy('p.id', 'desc')
    .limit(page.size)
    .offset(page.offset)
    .execute();
}

export async function countPacts(db: Db): Promise<number> {
  const row = await db.selectFrom('pacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Pacts that may be signed on `today`: not closed, and today within their period. */
export function findOpenPacts(db: Db, today: string) {
  return db
    .selectFrom('pacts')
    .select(['id', 'title', 'valid_from', 'valid_to'])
    .where('closed_at', 'is', null)
    .where('valid_from', '<=', today)
    .where('valid_to', '>=', today)
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
}

export async function insertPact(db: Db, row: Insertable<PactTable>): Promise<Pact> {
  return db.insertInto('pacts').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePactRow(db: Db, id: number, changes: Updateable<PactTable>): Promise<void> {
  await db.updateTable('pacts').set(changes).where('id', '=', id).execute();
}

export async function hasSignatures(db: Db, pactId: number): Promise<boolean> {
  const row = await db.selectFrom('pact_signatures').select('id').where('pact_id', '=', pactId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function findSignature(db: Db, pactId: number, employeeId: number) {
  return db.selectFrom('pact_signatures').selectAll().where('pact_id', '=', pactId).where('employee_id', '=', employeeId).executeTakeFirst();
}

/** This employee's signatures among these pacts. */
export function findSignaturesOf(db: Db, employeeId: number, pactIds: number[]) {
  if (!pactIds.length) return Promise.resolve([]);
  return db.selectFrom('pact_signatures').select(['pact_id', 'signed_at']).where('employee_id', '=', employeeId).where('pact_id', 'in', pactIds).execute();
}

export async function insertSignature(db: Db, row: Insertable<PactSignatureTable>): Promise<void> {
  await db.insertInto('pact_signatures').values(row).execute();
}
