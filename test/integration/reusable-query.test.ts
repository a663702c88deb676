import type { Db } from '../../src/db/connect';
import { reusableQuery } from '../../src/db/reusable-query';
import { createTestDb, type TestDb } from '../support/db';

/*
 * A query built once and run with each call's values (the reads of every request): it answers
 * exactly what the same query built anew answers, for any values, in or out of a transaction.
 */
describe('reusableQuery', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    const now = '2026-12-01T00:00:00.000Z';
    const row = (date: string, name: string, kind: string) => ({ date, name, kind, source: null, needs_review: 0, created_at: now, updated_at: now });
    await t.db
      .insertInto('holidays')
      .values([row('2031-01-01', 'a', 'uji'), row('2031-02-01', 'b', 'uji'), row('2031-03-01', 'c', 'uji'), row('2031-04-01', 'd', 'lain')])
      .execute();
  });
  afterAll(async () => {
    await t.destroy();
  });

  const build = (db: Db, from: string, kind: string) => db.selectFrom('holidays').select(['date', 'name']).where('date', '>=', from).where('kind', '=', kind).orderBy('date').limit(2);
  const fresh = (db: Db, from: string, kind: string) => build(db, from, kind).execute();

  it('answers as the query built anew, whatever the values, keeping its constants', async () => {
    const reused = reusableQuery(build);
    for (const [from, kind] of [
      ['2031-01-01', 'uji'],
      ['2031-02-15', 'uji'],
      ['2031-01-01', 'lain'],
      ['2032-01-01', 'uji'],
    ]) {
      expect(await reused(t.db, from, kind)).toEqual(await fresh(t.db, from, kind));
    }
    // The limit of 2 is a constant of the query, not an argument.
    expect(await reused(t.db, '2031-01-01', 'uji')).toEqual([
      { date: '2031-01-01', name: 'a' },
      { date: '2031-02-01', name: 'b' },
    ]);
  });

  it('builds the query once, and runs it in a transaction when given one', async () => {
    const spy = jest.fn(build);
    const reused = reusableQuery(spy);
    await reused(t.db, '2031-01-01', 'uji');
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('holidays').set({ name: 'z' }).where('name', '=', 'a').execute();
      expect(await reused(trx, '2031-01-01', 'uji')).toEqual([
        { date: '2031-01-01', name: 'z' },
        { date: '2031-02-01', name: 'b' },
      ]);
      await trx.updateTable('holidays').set({ name: 'a' }).where('name', '=', 'z').execute();
    });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('refuses a query that does not use an argument as a value', async () => {
    const reused = reusableQuery((db: Db, from: string, _unused: string) => db.selectFrom('holidays').select('name').where('date', '>=', from));
    await expect(reused(t.db, '2031-01-01', 'uji')).rejects.toThrow('every argument must be a value of the query');
  });
});
