import { sql } from 'kysely';
import { bulkInsert } from '../../src/features/demo/bulk';
import { generateDemo } from '../../src/features/demo/seed';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';

/*
 * The bulk paths the generator and the imports use (issue 9): plain multi-row VALUES on SQLite,
 * unnest() on PostgreSQL, and the generator's temporary bulk-load settings, which must leave the
 * schema and the connection as they found them.
 */
describe('bulk inserts and the demo generator', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('writes every value as given: nulls, quotes, numbers, more rows than one statement holds', async () => {
    const rows = Array.from({ length: 7001 }, (_, i) => ({
      date: new Date(Date.UTC(2031, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
      name: i % 3 ? `Libur "uji" ke-${i}; 'kutip'` : 'Ñyepi ☀',
      kind: 'libur_daerah',
      source: i % 2 ? null : `SK ${i}`,
      needs_review: i % 2,
      created_at: '2026-11-24T00:00:00.000Z',
      updated_at: '2026-11-24T00:00:00.000Z',
    }));
    await t.db.transaction().execute((trx) => bulkInsert(trx, 'holidays', rows));
    const back = await t.db
      .selectFrom('holidays')
      .select(['date', 'name', 'kind', 'source', 'needs_review', 'created_at', 'updated_at'])
      .where('date', '>=', '2031-01-01')
      .orderBy('id')
      .execute();
    expect(back).toHaveLength(7001);
    expect(back.map((r) => ({ ...r, needs_review: Number(r.needs_review) }))).toEqual(rows);
  });

  it('refuses a row that breaks a constraint, and writes none of the batch', async () => {
    const bad = [{ employee_id: 999_999, opd_id: 1, start_date: '2026-01-01', end_date: null, created_at: '2026-11-24T00:00:00.000Z' }];
    await expect(t.db.transaction().execute((trx) => bulkInsert(trx, 'assignments', bad))).rejects.toThrow();
    expect(await t.db.selectFrom('assignments').select('id').execute()).toHaveLength(0);
  });

  it('generates with the attendance foreign keys and the page cache put back as they were', async () => {
    const before = await schemaFacts(t);
    const summary = await generateDemo(t.db, 'Asia/Jakarta', { employees: 400, opds: 8, weeks: 4 });
    expect(summary.attendanceRows).toBeGreaterThan(1000);
    expect(await schemaFacts(t)).toEqual(before);
    // The restored keys still guard the table.
    await expect(
      t.db.insertInto('attendance').values({ session_id: 999_999, employee_id: 1, opd_id: 1, pledge_date: '2026-11-23', status: 'H', cuti_type: null, note: null, planned_absence_id: null }).execute(),
    ).rejects.toThrow();
  });
});

async function schemaFacts(t: TestDb) {
  if (TEST_DIALECT === 'postgres') {
    const { rows } = await sql<{ name: string; def: string }>`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = 'attendance'::regclass order by conname`.execute(t.db);
    expect(rows.filter((r) => r.def.startsWith('FOREIGN KEY'))).toHaveLength(2);
    return rows;
  }
  const keys = await sql<{ table: string; from: string; on_delete: string }>`pragma foreign_key_list(attendance)`.execute(t.db);
  const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(t.db);
  expect(keys.rows).toHaveLength(2);
  return { keys: keys.rows.map((k) => [k.table, k.from, k.on_delete]).sort(), cache: cache.rows[0].cache_size };
}
