import { sql } from 'kysely';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';

/*
 * PostgreSQL: the tables the migrator sees are those of the app's own schema (its search path),
 * so another schema of the same database, even one being dropped at that moment, cannot fail a
 * start-up's migration (src/db/drivers.ts).
 */
const pgOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

pgOnly('PostgreSQL introspection', () => {
  let t: TestDb;
  const other = `ikrar_other_${process.pid}`;
  beforeAll(async () => {
    t = await createTestDb();
    await sql.raw(`create schema if not exists "${other}"; create table "${other}".elsewhere (id int)`).execute(t.db);
  });
  afterAll(async () => {
    await sql.raw(`drop schema if exists "${other}" cascade`).execute(t.db);
    await t.destroy();
  });

  it("lists the tables of the app's schema only, the migrator's own when asked", async () => {
    const names = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(names).toContain('users');
    expect(names).toContain('check_ins');
    expect(names).not.toContain('elsewhere');
    expect(names).not.toContain('kysely_migration');
    const all = await t.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(all.map((x) => x.name)).toContain('kysely_migration');
    expect(new Set(all.map((x) => x.schema))).toEqual(new Set([t.schema]));
  });

  it('keeps answering while other schemas are created and dropped', async () => {
    const churn = (async () => {
      for (let i = 0; i < 15; i++) await sql.raw(`create schema "${other}_${i}"; create table "${other}_${i}".x (id serial); drop schema "${other}_${i}" cascade`).execute(t.db);
    })();
    const reads = await Promise.all(Array.from({ length: 15 }, () => t.db.introspection.getTables()));
    await churn;
    for (const tables of reads) expect(tables.map((x) => x.name)).toContain('users');
  });
});
