import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';

/* Rows a test reads back to check what a route wrote. */
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
