/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * The head of a unit (name, pangkat/golongan, NIP). A reprimand is given by the employee's
 * superior or unit head, so the draft letter prints this person's signature block; every column
 * is optional and the letter shows a marked blank while one is missing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['head_name', 'head_rank', 'head_nip']) {
    await db.schema.alterTable('opds').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['head_nip', 'head_rank', 'head_name']) {
    await db.schema.alterTable('opds').dropColumn(column).execute();
  }
}
