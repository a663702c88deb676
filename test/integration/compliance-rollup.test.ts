import fc from 'fast-check';
import { STATUSES, type Status } from '../../src/db/database';
import { rebuildRollups } from '../../src/features/compliance/rebuild';
import { refreshEmployeeYearStats } from '../../src/features/compliance/employee-stats';
import { recomputeCompliance, refreshFlagState, refreshSessionTotals } from '../../src/features/compliance/rollup';
import { DEFAULT_SETTINGS, type Settings } from '../../src/features/settings/settings.defaults';
import { useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';

/*
 * The rollups (session totals, employee-year figures and flags) are maintained by every write.
 * After any sequence of edits, rebuilding them from raw rows must give the same figures.
 * Pledge dates straddle New Year, so runs of TK carry across years.
 */
const DATES = ['2025-12-15', '2025-12-22', '2025-12-29', '2026-01-05', '2026-01-12'];

type Edit =
  | { kind: 'set'; s: number; e: number; status: Status }
  | { kind: 'delete'; s: number; e: number }
  | { kind: 'submit'; s: number }
  | { kind: 'follow'; e: number; year: number }
  | { kind: 'virtual'; on: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), s: fc.nat(4), e: fc.nat(5), status: fc.constantFrom(...STATUSES, 'TK', 'TK') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), s: fc.nat(4), e: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const), s: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('follow' as const), e: fc.nat(5), year: fc.constantFrom(2025, 2026) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('virtual' as const), on: fc.boolean() }) },
);

describe('rollups after random edits equal a rebuild from raw rows', () => {
  const ctx = useTestApp();
  let opdId: number;
  let userId: number;
  let employees: number[];

  beforeAll(async () => {
    const opd = await makeOpd(ctx.db);
    opdId = opd.id;
    userId = (await makeUser(ctx.db, { role: 'hr' })).id;
    employees = [];
    for (let i = 0; i < 6; i++) employees.push((await makeEmployee(ctx.db, { opdId, category: i % 2 ? 'PPPK' : 'PNS' })).id);
  });

  async function reset(): Promise<number[]> {
    await ctx.db.deleteFrom('follow_ups').execute();
    await ctx.db.deleteFrom('attendance').execute();
    await ctx.db.deleteFrom('sessions').execute();
    await ctx.db.deleteFrom('employee_year_stats').execute();
    const ids: number[] = [];
    for (const date of DATES) {
      const s = await makeSession(ctx.db, { opdId, date });
      ids.push(s.id);
    }
    return ids;
  }

  /** One edit through the same functions the write paths use, in one transaction. */
  async function apply(sessions: number[], settings: Settings, ed: Edit): Promise<Settings> {
    return ctx.db.transaction().execute(async (trx) => {
      if (ed.kind === 'virtual') {
        await recomputeCompliance(trx, ed.on);
        return { ...settings, virtual_counts: ed.on };
      }
      if (ed.kind === 'follow') {
        const stats = await trx.selectFrom('employee_year_stats').select('tk_count').where('employee_id', '=', employees[ed.e]).where('year', '=', ed.year).executeTakeFirst();
        const values = { employee_id: employees[ed.e], year: ed.year, step: 'catatan', tk_count_covered: stats?.tk_count ?? 0, created_by: userId, created_at: '2026-01-20' };
        await trx.insertInto('follow_ups').values(values).execute();
        await refreshFlagState(trx, settings, { year: ed.year, employeeIds: [employees[ed.e]] });
        return settings;
      }
      const sessionId = sessions[ed.s];
      const session = await trx.selectFrom('sessions').select(['state', 'pledge_date']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      let affected: number[];
      if (ed.kind === 'submit') {
        await trx.updateTable('sessions').set({ state: session.state === 'submitted' ? 'draft' : 'submitted' }).where('id', '=', sessionId).execute();
        affected = (await trx.selectFrom('attendance').select('employee_id').where('session_id', '=', sessionId).execute()).map((r) => r.employee_id);
      } else {
        const employeeId = employees[ed.e];
        await trx.deleteFrom('attendance').where('session_id', '=', sessionId).where('employee_id', '=', employeeId).execute();
        if (ed.kind === 'set') {
          await trx
            .insertInto('attendance')
            .values({ session_id: sessionId, employee_id: employeeId, opd_id: opdId, pledge_date: session.pledge_date, status: ed.status, cuti_type: null, note: null, planned_absence_id: null })
            .execute();
        }
        affected = [employeeId];
      }
      await refreshSessionTotals(trx, sessionId, settings.virtual_counts);
      if (ed.kind === 'submit' || session.state === 'submitted') {
        await refreshEmployeeYearStats(trx, affected, Number(session.pledge_date.slice(0, 4)), settings);
      }
      return settings;
    });
  }

  async function snapshot() {
    const sessions = await ctx.db
      .selectFrom('sessions')
      .select(['id', 'expected_count', 'excused_count', 'compliant_count', 'count_h', 'count_hd', 'count_tl', 'count_dl', 'count_s', 'count_i', 'count_c', 'count_tb', 'count_tk', 'rate'])
      .orderBy('id')
      .execute();
    const stats = await ctx.db
      .selectFrom('employee_year_stats')
      .select(['employee_id', 'year', 'tk_count', 'tk_streak', 'max_streak', 'last_pledge_date', 'opd_id', 'step', 'covered', 'open_flag'])
      .orderBy('employee_id')
      .orderBy('year')
      .execute();
    return { sessions: sessions.map((s) => ({ ...s, rate: s.rate == null ? null : Number(s.rate) })), stats };
  }

  it('for any sequence of roll-call edits, submissions, follow-ups and setting changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 5, maxLength: 40 }), async (edits) => {
        const sessions = await reset();
        let settings: Settings = { ...DEFAULT_SETTINGS };
        await ctx.db.updateTable('sessions').set({ rate: null }).execute();
        for (const ed of edits) settings = await apply(sessions, settings, ed);
        const maintained = await snapshot();
        await rebuildRollups(ctx.db, settings, { batch: 2 });
        expect(await snapshot()).toEqual(maintained);
      }),
      { numRuns: 25, seed: 20261124 },
    );
  });

  it('restores rollups that were damaged', async () => {
    const sessions = await reset();
    for (const [i, status] of (['TK', 'TK', 'H', 'TK', 'TK'] as Status[]).entries()) {
      await apply(sessions, DEFAULT_SETTINGS, { kind: 'set', s: i, e: 0, status });
    }
    const good = await snapshot();
    expect(good.stats.find((s) => s.year === 2026)).toMatchObject({ tk_count: 2, tk_streak: 2, max_streak: 2, step: 'teguran_lisan', open_flag: 1 });
    await ctx.db.updateTable('sessions').set({ count_tk: 99, rate: 0.1 }).execute();
    await ctx.db.updateTable('employee_year_stats').set({ tk_count: 0, step: null, open_flag: 0 }).execute();
    const report = await rebuildRollups(ctx.db, DEFAULT_SETTINGS);
    expect(report).toMatchObject({ sessions: 5, employeeYears: 2 });
    expect(await snapshot()).toEqual(good);
  });
});
