import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { makeNip } from '../../src/lib/nip';

/*
 * Helpers for the master-data tests (OPDs, employees, imports, users, tokens).
 * Unique NIPs per call, so tests never collide with factories.ts or each other.
 */
let seq = 0;

export function freshNip(opts: { gender?: 'L' | 'P'; layout?: 'pns' | 'pppk' } = {}): string {
  seq += 1;
  const n = seq + (process.pid % 500) * 1000;
  return makeNip({
    layout: opts.layout ?? 'pns',
    birthDate: `1980-0${1 + (n % 9)}-${String(10 + (n % 18)).padStart(2, '0')}`,
    start: opts.layout === 'pppk' ? '2024' : '200801',
    gender: opts.gender ?? 'L',
    sequence: 1 + (n % 999),
    agreement: 1 + Math.floor(n / 999) % 99,
  });
}

export async function auditRows(db: Kysely<Database>, entity: string, entityId: string | number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', String(entityId))
    .orderBy('id')
    .execute();
}

export async function assignmentsOf(db: Kysely<Database>, employeeId: number) {
  return db
    .selectFrom('assignments')
    .select(['opd_id', 'start_date', 'end_date'])
    .where('employee_id', '=', employeeId)
    .orderBy('start_date')
    .execute();
}
