import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';

/**
 * Inserts many rows in multi-row statements, sized to stay under SQLite's and PostgreSQL's
 * bound-parameter limits. Call inside a transaction: one commit per batch would dominate.
 */
export async function bulkInsert<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(30000 / columns));
  for (let i = 0; i < rows.length; i += size) {
    // Kysely's insert types are generic over the table; the rows are already checked above.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}
