import type { Kysely } from 'kysely';
import { Settings } from 'luxon';
import pino from 'pino';
import request from 'supertest';
import type { Database } from '../../src/db/database';
import { detailText } from '../../src/features/scheduler/job-types';
import { runJob } from '../../src/features/scheduler/jobs';
import { translator } from '../../src/i18n/t';
import { runDueJobs, startScheduler } from '../../src/features/scheduler/scheduler';
import { signIn, useTestApp } from '../support/app';
import { secondConnection } from '../support/db';
import { makeOpd, makeSession, makeUser } from '../support/factories';

// Monday 23 Nov 2026, Asia/Jakarta (UTC+7): reminders Mon 10:00 (03:00Z) and Tue 09:00 (02:00Z),
// deadline Tue 12:00 (05:00Z), digest Tue 13:00 (06:00Z).
const MON_1000 = '2026-11-23T03:00:00.000Z';
const TUE_0900 = '2026-11-24T02:00:00.000Z';
const TUE_1300 = '2026-11-24T06:00:00.000Z';
const LAST_DIGEST = '2026-11-17T06:00:00.000Z';
const setNow = (iso: string) => (Settings.now = () => Date.parse(iso));
const log = pino({ level: 'silent' });

describe('scheduler', () => {
  const ctx = useTestApp();
  let other: Kysely<Database>;
  const job = () => ({ db: ctx.db, config: ctx.config, logger: log });
  const instanceB = () => ({ db: other, config: ctx.config, logger: log });

  beforeAll(async () => {
    other = secondConnection(ctx.testDb);
    // Two units that never report, so every reminder has someone to reach.
    for (let i = 0; i < 2; i++) {
      const opd = await makeOpd(ctx.db);
      await makeUser(ctx.db, { role: 'opd', opdId: opd.id });
    }
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await other.destroy();
  });
  beforeEach(async () => {
    await ctx.db.deleteFrom('job_runs').execute();
    await ctx.db.deleteFrom('notifications').execute();
    // Last week's digest went out on time; only this week's jobs are in play.
    await ctx.db
      .insertInto('job_runs')
      .values({ job: 'digest', planned_at: LAST_DIGEST, started_at: LAST_DIGEST, finished_at: LAST_DIGEST, outcome: 'ok', detail: null, instance_id: 'earlier' })
      .execute();
  });

  // The reminder and digest runs (the daily session prune has its own test file).
  const runs = () =>
    ctx.db.selectFrom('job_runs').selectAll().where('planned_at', '!=', LAST_DIGEST).where('job', 'in', ['reminder', 'digest']).orderBy('planned_at').execute();
  const noticeCount = async () => Number((await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('runs a job once when two instances race for the same planned time', async () => {
    setNow('2026-11-23T03:00:05Z');
    const results = await Promise.all([
      runJob(job(), 'reminder', MON_1000, 'instance-a'),
      runJob(instanceB(), 'reminder', MON_1000, 'instance-b'),
      runJob(job(), 'reminder', MON_1000, 'instance-a'),
      runJob(instanceB(), 'reminder', MON_1000, 'instance-b'),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const [run] = await runs();
    expect(run).toMatchObject({ job: 'reminder', planned_at: MON_1000, outcome: 'ok' });
    expect((await runs()).length).toBe(1);
    expect(await noticeCount()).toBe(2);
  });

  it('runs each due job once when two schedulers tick at the same minute', async () => {
    setNow('2026-11-23T03:00:30Z');
    const [a, b] = await Promise.all([runDueJobs(job(), 'instance-a'), runDueJobs(instanceB(), 'instance-b')]);
    expect(a.length + b.length).toBe(1);
    expect((await runs()).map((r) => [r.job, r.planned_at, r.outcome])).toEqual([['reminder', MON_1000, 'ok']]);
    expect(await noticeCount()).toBe(2);
    // The next minute's ticks find the run recorded and do nothing.
    setNow('2026-11-23T03:01:00Z');
    await Promise.all([runDueJobs(job(), 'instance-a'), runDueJobs(instanceB(), 'instance-b')]);
    expect((await runs()).length).toBe(1);
    expect(await noticeCount()).toBe(2);
  });

  it('catches up a missed reminder once after a restart, skipping the one it supersedes', async () => {
    // Down from Monday 09:00 to Tuesday 10:00: both reminders were missed, the deadline has not passed.
    setNow('2026-11-24T03:00:00Z');
    await runDueJobs(job(), 'restarted');
    expect((await runs()).map((r) => [r.planned_at, r.outcome])).toEqual([
      [MON_1000, 'skipped'],
      [TUE_0900, 'ok'],
    ]);
    expect(await noticeCount()).toBe(2);
    await runDueJobs(job(), 'restarted-again');
    expect((await runs()).length).toBe(2);
    expect(await noticeCount()).toBe(2);
  });

  it('does not send a reminder after the deadline, but sends the digest once', async () => {
    setNow('2026-11-25T01:00:00Z');
    await Promise.all([runDueJobs(job(), 'instance-a'), runDueJobs(instanceB(), 'instance-b')]);
    expect((await runs()).map((r) => [r.job, r.planned_at, r.outcome])).toEqual([['digest', TUE_1300, 'ok']]);
    const detail = JSON.parse((await runs())[0].detail!);
    expect(detail).toEqual([{ key: 'jobs.details.digest', vars: expect.objectContaining({ date: '2026-11-23', notLogged: 2 }) }]);
    expect(detailText((await runs())[0].detail, translator('id'))).toContain('2026-11-23: belum lapor 2');
  });

  it('records a failing job as an error without throwing', async () => {
    setNow('2026-11-23T03:00:05Z');
    const realDb = ctx.db;
    // A settings table that cannot be read makes the job itself fail after the claim.
    await realDb.schema.alterTable('settings').renameTo('settings_away').execute();
    try {
      const run = await runJob(job(), 'reminder', MON_1000, 'x');
      expect(run?.outcome).toBe('error');
    } finally {
      await realDb.schema.alterTable('settings_away').renameTo('settings').execute();
    }
    expect((await runs())[0]).toMatchObject({ outcome: 'error' });
    expect((await runs())[0].finished_at).not.toBeNull();
  });

  it('starts, runs a missed job at start, and stops cleanly', async () => {
    setNow('2026-11-23T04:00:00Z');
    const stop = startScheduler(job());
    await stop();
    expect((await runs()).map((r) => [r.job, r.outcome])).toEqual([['reminder', 'ok']]);
  });

  describe('/admin/jobs', () => {
    it('lists runs for admin', async () => {
      setNow('2026-11-23T03:00:05Z');
      await runJob(job(), 'reminder', MON_1000, 'host-a:1');
      const admin = await makeUser(ctx.db, { role: 'admin' });
      const agent = await signIn(ctx.app, admin.username);
      const res = await agent.get('/admin/jobs');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Pengingat OPD');
      expect(res.text).toContain('Berhasil');
      expect(res.text).toContain('host-a:1');
      // The run's detail is stored as messages and shown in the reader's language.
      expect(res.text).toMatch(/2026-11-23: OPD \d+, notifikasi \d+, surel \d+/);
      expect(res.text).not.toContain('notices');
      expect(res.text).toContain('MON 10:00, DEADLINE 09:00');
    });

    it.each(['hr', 'sekda'] as const)('refuses %s with 403', async (role) => {
      const user = await makeUser(ctx.db, { role });
      const agent = await signIn(ctx.app, user.username);
      expect((await agent.get('/admin/jobs')).status).toBe(403);
    });

    it('sends anonymous visitors to sign in', async () => {
      const res = await request(ctx.app).get('/admin/jobs');
      expect(res.status).toBe(302);
    });
  });

  it('leaves submitted units out of the reminder', async () => {
    setNow('2026-11-23T03:00:05Z');
    const opd = await makeOpd(ctx.db);
    const user = await makeUser(ctx.db, { role: 'opd', opdId: opd.id });
    await makeSession(ctx.db, { opdId: opd.id, date: '2026-11-23' });
    await runJob(job(), 'reminder', MON_1000);
    const mine = await ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', user.id).execute();
    expect(mine).toEqual([]);
    expect(await noticeCount()).toBe(2);
  });
});
