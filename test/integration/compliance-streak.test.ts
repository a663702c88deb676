import type { Status } from '../../src/db/database';
import { rebuildRollups } from '../../src/features/compliance/rebuild';
import { createHoliday, deleteHoliday } from '../../src/features/holidays/holidays.service';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { updateSettings } from '../../src/features/settings/settings.service';
import { useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession } from '../support/factories';

/*
 * The current TK streak counts the pledge dates on which the person's unit held and logged its
 * apel. A holiday Monday and an apel not held are skipped; a week the unit did not log (no
 * session, or only a draft) breaks the run. November 2026: Mondays 2, 9, 16, 23 and 30.
 */
const NOV = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
const NOT_NINTH = NOV.filter((d) => d !== '2026-11-09');

describe('the TK streak and the weeks a unit did not log', () => {
  const ctx = useTestApp();

  async function person() {
    const opd = await makeOpd(ctx.db);
    const employee = await makeEmployee(ctx.db, { opdId: opd.id });
    return { opdId: opd.id, id: employee.id };
  }

  async function tkOn(opdId: number, id: number, dates: string[], status: Status = 'TK') {
    for (const date of dates) await makeSession(ctx.db, { opdId, date, roll: [[id, status]] });
  }

  const stats = (id: number) =>
    ctx.db
      .selectFrom('employee_year_stats')
      .select(['tk_count', 'tk_streak', 'max_streak', 'last_pledge_date'])
      .where('employee_id', '=', id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();

  it('breaks at a week the unit never logged: TK on 2, 16, 23 and 30 November is a run of 3', async () => {
    const p = await person();
    await tkOn(p.opdId, p.id, NOT_NINTH);
    expect(await stats(p.id)).toEqual({ tk_count: 4, tk_streak: 3, max_streak: 3, last_pledge_date: '2026-11-30' });
  });

  it('breaks at a week the unit only saved as a draft', async () => {
    const p = await person();
    await makeSession(ctx.db, { opdId: p.opdId, date: '2026-11-09', state: 'draft', roll: [[p.id, 'TK']] });
    await tkOn(p.opdId, p.id, NOT_NINTH);
    expect(await stats(p.id)).toMatchObject({ tk_count: 4, tk_streak: 3, max_streak: 3 });
  });

  it('runs on across a holiday Monday (no session expected); removing the holiday or moving its apel to Tuesday breaks it', async () => {
    const p = await person();
    const actor = { system: 'test' };
    const holiday = await createHoliday(ctx.db, actor, { date: '2026-10-12', name: 'Libur uji', kind: 'libur_nasional', source: null, needs_review: 0 }, 'UTC');
    await tkOn(p.opdId, p.id, ['2026-10-05', '2026-10-19', '2026-10-26']);
    expect(await stats(p.id)).toMatchObject({ tk_count: 3, tk_streak: 3, max_streak: 3 });
    await deleteHoliday(ctx.db, actor, holiday.id, 'UTC');
    expect(await stats(p.id)).toMatchObject({ tk_count: 3, tk_streak: 2, max_streak: 2 });
    await createHoliday(ctx.db, actor, { date: '2026-10-12', name: 'Libur uji', kind: 'libur_nasional', source: null, needs_review: 0 }, 'UTC');
    expect(await stats(p.id)).toMatchObject({ tk_count: 3, tk_streak: 3, max_streak: 3 });
    // Moving a holiday's apel to the next working day makes Tuesday 13 October owed, and unlogged.
    await updateSettings(ctx.db, actor, { holiday_policy: 'next_working_day' }, 'UTC');
    expect(await stats(p.id)).toMatchObject({ tk_count: 3, tk_streak: 2, max_streak: 2 });
    await updateSettings(ctx.db, actor, { holiday_policy: 'skip' }, 'UTC');
    expect(await stats(p.id)).toMatchObject({ tk_count: 3, tk_streak: 3, max_streak: 3 });
  });

  it('runs on across an apel logged as not held', async () => {
    const p = await person();
    await makeSession(ctx.db, { opdId: p.opdId, date: '2026-11-09', held: 0 });
    await tkOn(p.opdId, p.id, NOT_NINTH);
    expect(await stats(p.id)).toMatchObject({ tk_count: 4, tk_streak: 4, max_streak: 4 });
  });

  it('joins the run again when the missing week is logged late', async () => {
    const p = await person();
    await tkOn(p.opdId, p.id, NOT_NINTH);
    await tkOn(p.opdId, p.id, ['2026-11-09']);
    expect(await stats(p.id)).toMatchObject({ tk_count: 5, tk_streak: 5, max_streak: 5 });
  });

  it("follows a transfer: the week counts by the unit the person belonged to on that date", async () => {
    const from = await person();
    const to = await makeOpd(ctx.db);
    await ctx.db.updateTable('assignments').set({ end_date: '2026-11-16' }).where('employee_id', '=', from.id).execute();
    await ctx.db
      .insertInto('assignments')
      .values({ employee_id: from.id, opd_id: to.id, start_date: '2026-11-16', end_date: null, created_at: NOV[0] })
      .execute();
    await tkOn(from.opdId, from.id, NOV.slice(0, 2));
    // The old unit never logs the 16th (the person is no longer its concern); the new one did not either.
    await tkOn(to.id, from.id, NOV.slice(3));
    expect(await stats(from.id)).toMatchObject({ tk_count: 4, tk_streak: 2, max_streak: 2 });
    // The new unit logs the 16th late: the run is whole again.
    await tkOn(to.id, from.id, ['2026-11-16']);
    expect(await stats(from.id)).toMatchObject({ tk_count: 5, tk_streak: 5, max_streak: 5 });
  });

  it('gives the same figures when every rollup is rebuilt from the raw rows', async () => {
    const p = await person();
    await tkOn(p.opdId, p.id, ['2026-10-26', ...NOT_NINTH.slice(0, 2)]);
    await tkOn(p.opdId, p.id, ['2026-11-30'], 'H');
    const snapshot = () =>
      ctx.db
        .selectFrom('employee_year_stats')
        .select(['employee_id', 'year', 'tk_count', 'tk_streak', 'max_streak', 'last_pledge_date', 'opd_id', 'step', 'covered', 'open_flag'])
        .orderBy('employee_id')
        .orderBy('year')
        .execute();
    const maintained = await snapshot();
    expect(maintained.length).toBeGreaterThan(5);
    await ctx.db.updateTable('employee_year_stats').set({ tk_streak: 99, max_streak: 99 }).execute();
    await rebuildRollups(ctx.db, DEFAULT_SETTINGS);
    expect(await snapshot()).toEqual(maintained);
  });
});
