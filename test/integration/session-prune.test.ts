import type { Kysely } from 'kysely';
import { Settings } from 'luxon';
import pino from 'pino';
import type { Database } from '../../src/db/database';
import { dueSessionPrune } from '../../src/features/scheduler/housekeeping';
import { detailText } from '../../src/features/scheduler/job-types';
import { translator } from '../../src/i18n/t';
import { runDueHousekeeping, startScheduler } from '../../src/features/scheduler/scheduler';
import { useTestApp } from '../support/app';
import { secondConnection } from '../support/db';

const setNow = (iso: string) => (Settings.now = () => Date.parse(iso));
const log = pino({ level: 'silent' });
const HOUR = 3600_000;

describe('the daily prune of expired sessions', () => {
  const ctx = useTestApp();
  let other: Kysely<Database>;
  const instanceA = () => ({ db: ctx.db, config: ctx.config, logger: log });
  const instanceB = () => ({ db: other, config: ctx.config, logger: log });

  beforeAll(() => {
    other = secondConnection(ctx.testDb);
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await other.destroy();
  });
  beforeEach(async () => {
    await ctx.db.deleteFrom('job_runs').execute();
    await ctx.db.deleteFrom('login_sessions').execute();
    await ctx.db.deleteFrom('rate_limits').execute();
  });

  /** Session rows expiring at the given offsets from the real clock (the store's clock). */
  async function sessions(...offsetsMs: number[]) {
    const now = Date.now();
    const rows = offsetsMs.map((o, i) => ({
      sid: `sid-${i}-${o}`,
      user_id: null,
      data: '{"cookie":{}}',
      created_at: new Date(now - 12 * HOUR).toISOString(),
      expires_at: new Date(now + o).toISOString(),
    }));
    await ctx.db.insertInto('login_sessions').values(rows).execute();
    return rows.map((r) => r.sid);
  }
  /** Rate-limit counters whose window ends at the given offsets from the real clock (the library's). */
  async function counters(...offsetsMs: number[]) {
    const now = Date.now();
    const rows = offsetsMs.map((o, i) => ({ key: `user:uji-${i}`, points: 3, expire: now + o }));
    await ctx.db.insertInto('rate_limits').values(rows).execute();
    return rows.map((r) => r.key);
  }
  const countersLeft = async () => (await ctx.db.selectFrom('rate_limits').select('key').orderBy('key').execute()).map((r) => r.key);
  const left = async () => (await ctx.db.selectFrom('login_sessions').select('sid').orderBy('sid').execute()).map((r) => r.sid);
  const pruneRuns = () => ctx.db.selectFrom('job_runs').selectAll().where('job', '=', 'session_prune').orderBy('planned_at').execute();

  it('plans one run a day at 03:00 in the instance zone', () => {
    // Jakarta is UTC+7: 03:00 WIB is 20:00Z the day before.
    expect(dueSessionPrune('Asia/Jakarta', '2026-11-23T19:59:00.000Z')).toBe('2026-11-22T20:00:00.000Z');
    expect(dueSessionPrune('Asia/Jakarta', '2026-11-23T20:00:00.000Z')).toBe('2026-11-23T20:00:00.000Z');
    expect(dueSessionPrune('Asia/Jayapura', '2026-11-24T05:00:00.000Z')).toBe('2026-11-23T18:00:00.000Z');
  });

  it('deletes expired rows and keeps live ones, once, when two instances tick together', async () => {
    const [old1, old2, live1, live2] = await sessions(-HOUR, -60_000, HOUR, 10 * HOUR);
    const [, , , liveCounter] = await counters(-HOUR, -60_000, -1000, 60_000);
    setNow('2026-11-24T01:00:00Z');
    const [a, b] = await Promise.all([runDueHousekeeping(instanceA(), 'instance-a'), runDueHousekeeping(instanceB(), 'instance-b')]);
    expect(a.length + b.length).toBe(1);
    expect(await left()).toEqual([live1, live2].sort());
    expect(await left()).not.toContain(old1);
    expect(await left()).not.toContain(old2);
    expect(await countersLeft()).toEqual([liveCounter]);
    const runs = await pruneRuns();
    expect(runs.map((r) => [r.planned_at, r.outcome, detailText(r.detail, translator('en'))])).toEqual([['2026-11-23T20:00:00.000Z', 'ok', '2 expired sign-ins deleted; 3 expired attempt counters deleted']]);
  });

  it('does not run again the same day, and runs the next day', async () => {
    setNow('2026-11-24T01:00:00Z');
    await runDueHousekeeping(instanceA(), 'instance-a');
    const [, live] = await sessions(-HOUR, HOUR);
    setNow('2026-11-24T10:00:00Z');
    expect(await runDueHousekeeping(instanceA(), 'instance-a')).toEqual([]);
    expect(await left()).toHaveLength(2);
    setNow('2026-11-24T20:30:00Z');
    expect(await runDueHousekeeping(instanceB(), 'instance-b')).toHaveLength(1);
    expect(await left()).toEqual([live]);
    expect((await pruneRuns()).map((r) => r.planned_at)).toEqual(['2026-11-23T20:00:00.000Z', '2026-11-24T20:00:00.000Z']);
  });

  it('runs as part of the scheduler: a started scheduler prunes at its first tick', async () => {
    const [, live] = await sessions(-HOUR, HOUR);
    setNow('2026-11-24T01:00:00Z');
    const stop = startScheduler(instanceA());
    await stop();
    expect(await left()).toEqual([live]);
    expect((await pruneRuns()).map((r) => r.outcome)).toEqual(['ok']);
  });
});
