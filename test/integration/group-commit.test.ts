import { commitStatement, groupCommit } from '../../src/db/group-commit';
import { createTestDb, TEST_DIALECT, type TestDb } from '../support/db';

/*
 * Many small writes at once (the check-in burst): each is kept exactly when it succeeded, a
 * failing one is undone alone and its caller gets its error, and on SQLite the writes that
 * arrive together share one transaction (one fsync) instead of one each.
 */
describe('group commit', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.destroy();
  });

  const holiday = (date: string, name: string) => {
    const now = '2026-12-01T00:00:00.000Z';
    return { date, name, kind: 'bench', source: null, needs_review: 0, created_at: now, updated_at: now };
  };
  const names = async () => (await t.db.selectFrom('holidays').select('name').where('kind', '=', 'bench').orderBy('name').execute()).map((r) => r.name);

  it('keeps what succeeded and undoes only the piece that failed', async () => {
    const group = groupCommit(t.db);
    expect(groupCommit(t.db)).toBe(group);
    const spy = jest.spyOn(t.db, 'transaction');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        group.run(async (trx) => {
          await trx.insertInto('holidays').values(holiday(`2030-0${1 + Math.floor(i / 28)}-${String((i % 28) + 1).padStart(2, '0')}`, `h${String(i).padStart(2, '0')}`)).execute();
          // The 7th wrote its row before failing: the row must go with it.
          if (i === 7) throw new Error('seventh');
          return i;
        }),
      ),
    );
    const transactions = spy.mock.calls.length;
    spy.mockRestore();
    expect(outcomes[7]).toEqual({ status: 'rejected', reason: new Error('seventh') });
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<number>).value)).toEqual([...Array(40).keys()].filter((i) => i !== 7));
    const kept = await names();
    expect(kept).toHaveLength(39);
    expect(kept).not.toContain('h07');
    // SQLite: the 40 that arrived together were one transaction; PostgreSQL: one each.
    expect(transactions).toBe(TEST_DIALECT === 'sqlite' ? 1 : 40);
  });

  it('answers a piece queued while a batch runs, in a batch of its own', async () => {
    const group = groupCommit(t.db);
    let late: Promise<string> | undefined;
    const first = group.run(async (trx) => {
      await trx.insertInto('holidays').values(holiday('2031-01-01', 'first')).execute();
      late = group.run(async (trx2) => {
        await trx2.insertInto('holidays').values(holiday('2031-01-02', 'late')).execute();
        return 'late';
      });
      return 'first';
    });
    expect(await first).toBe('first');
    expect(await late).toBe('late');
    expect(await names()).toEqual(expect.arrayContaining(['first', 'late']));
  });

  it('commits single statements together on SQLite, and each by itself on PostgreSQL, without a transaction', async () => {
    const spy = jest.spyOn(t.db, 'transaction');
    const outcomes = await Promise.allSettled(
      ['2032-01-01', '2032-01-02', '2032-01-01'].map((date, i) => commitStatement(t.db, (db) => db.insertInto('holidays').values(holiday(date, `s${i}`)).execute())),
    );
    const transactions = spy.mock.calls.length;
    spy.mockRestore();
    // The first and third share a date (unique): whichever lands second is refused alone (on
    // PostgreSQL they race on two connections), and the others are kept.
    expect(outcomes[1].status).toBe('fulfilled');
    expect([outcomes[0].status, outcomes[2].status].sort()).toEqual(['fulfilled', 'rejected']);
    const kept = (await names()).filter((n) => /^s\d$/.test(n));
    expect(kept).toHaveLength(2);
    expect(kept).toContain('s1');
    expect(kept).toContain(outcomes[0].status === 'fulfilled' ? 's0' : 's2');
    expect(transactions).toBe(TEST_DIALECT === 'sqlite' ? 1 : 0);
  });
});
