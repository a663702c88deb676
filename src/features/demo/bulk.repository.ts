import { CompiledQuery, sql, type Insertable } from 'kysely';
import { dialectOfDb, type Db } from '../../db/connect';
import type { Database } from '../../db/database';

/**
 * Inserts many rows (the demo generator's millions of attendance rows, an import's thousands
 * of employees and audit rows). Call inside a transaction: one commit per batch would dominate.
 * Rows must all have the keys of the first.
 *
 * Built as plain SQL rather than through Kysely's builder, which spent a fifth of the
 * generator's time turning each value into a node and back (docs/BENCHMARKS.md): on SQLite multi-row
 * VALUES under the bound-parameter limit; on PostgreSQL one array per column through unnest(),
 * a few statements for any number of rows.
 */
export async function bulkInsert<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object);
  const values = rows as Record<string, unknown>[];
  if (dialectOfDb(db) === 'postgres') return unnestInsert(db, table, columns, values);
  const size = Math.max(1, Math.floor(30000 / columns.length));
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < values.length; i += size) {
    const batch = values.slice(i, i + size);
    const params: unknown[] = [];
    for (const row of batch) for (const c of columns) params.push(row[c] ?? null);
    await db.executeQuery(CompiledQuery.raw(head + new Array(batch.length).fill(tuple).join(', '), params));
  }
}

const PG_BATCH = 50_000;
/** Column types by table, for the casts unnest() needs (an all-null array has no type). */
const pgTypes = new Map<string, Map<string, string>>();

async function unnestInsert(db: Db, table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  let types = pgTypes.get(table);
  if (!types) {
    const { rows: cols } = await sql<{ column_name: string; udt_name: string }>`
      select column_name, udt_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    types = new Map(cols.map((c) => [c.column_name, c.udt_name]));
    pgTypes.set(table, types);
  }
  const typeOf = (c: string) => {
    const t = types!.get(c);
    if (!t || !/^[a-z0-9_]+$/.test(t)) throw new Error(`bulkInsert: no column ${table}.${c}`);
    return t;
  };
  for (let i = 0; i < rows.length; i += PG_BATCH) {
    const batch = rows.slice(i, i + PG_BATCH);
    const arrays = columns.map((c) => sql`${batch.map((r) => r[c] ?? null)}::${sql.raw(typeOf(c))}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select * from unnest(${sql.join(arrays)})`.execute(db);
  }
}
