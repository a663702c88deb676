import type { Express } from 'express';
import request from 'supertest';
import { complianceSummary } from '../../src/features/compliance/compliance.service';
import { getSettings } from '../../src/features/settings/settings.repository';
import { useTestApp } from '../support/app';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { AFTER_DEADLINE, fixNow, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeEmployee, makeUnit } from '../support/factories';
import { expectDocumented } from '../support/openapi-validate';

describe('JSON API: compliance and the monthly report', () => {
  const ctx = useTestApp();
  let app: Express;
  const t: Record<string, string> = {};
  let units: Awaited<ReturnType<typeof makeUnit>>[];

  const putAll = async (token: string, unit: Awaited<ReturnType<typeof makeUnit>>, date: string, statuses: string[]) => {
    const attendance = (await ctx.db.selectFrom('assignments as a').innerJoin('employees as e', 'e.id', 'a.employee_id').select('e.nip').where('a.opd_id', '=', unit.opd.id).orderBy('e.name').execute())
      .map((e, i) => ({ nip: e.nip, status: statuses[i] ?? 'H' }));
    const res = await request(app)
      .put(`/api/v1/opds/${unit.opd.code}/sessions/${date}`)
      .set(bearer(token))
      .set('If-Match', '*')
      .send({ held: true, mode: 'langsung', start_time: '07:30', ikrar_version: '2024', submit: true, attendance });
    if (res.status !== 200) throw new Error(`setup PUT failed: ${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    app = ctx.app;
    units = [await makeUnit(ctx.db, 2), await makeUnit(ctx.db, 2), await makeUnit(ctx.db, 2)];
    await makeEmployee(ctx.db, { opdId: units[0].opd.id });
    t.hr = await makeToken(ctx.db, { role: 'hr' });
    t.sekda = await makeToken(ctx.db, { role: 'sekda' });
    t.opd0 = await makeToken(ctx.db, { role: 'opd', opdId: units[0].opd.id });
    // Unit 0 on time and fine, unit 1 late with one TK in two, unit 2 never reported.
    fixNow(MONDAY_MORNING);
    await putAll(t.opd0, units[0], '2026-11-23', []);
    fixNow(AFTER_DEADLINE);
    await putAll(t.hr, units[1], '2026-11-23', ['H', 'TK']);
    await putAll(t.hr, units[0], '2026-11-16', []);
  });
  afterAll(() => resetNow());

  describe('GET /compliance', () => {
    it("gives the dashboard's figures for a week", async () => {
      const res = await request(app).get('/api/v1/compliance?week=2026-11-25').set(bearer(t.sekda));
      expect(res.status).toBe(200);
      expectDocumented(res, '/compliance', 'get');
      const summary = await complianceSummary(ctx.db, await getSettings(ctx.db), { period: 'week', date: '2026-11-25', timezone: ctx.config.timezone });
      expect(res.body.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
      expect(res.body.headline).toEqual({
        expected_weeks: summary.headline.expected,
        on_time: summary.headline.onTime,
        on_time_share: summary.headline.onTimeShare,
        rate: summary.headline.rate,
        tk: summary.headline.tk,
        open_flags: summary.headline.openFlags,
        overdue: summary.headline.overdue,
        compliance: summary.headline.compliance,
        verified_share: summary.headline.verifiedShare,
      });
      expect(res.body.headline).toMatchObject({ expected_weeks: 3, on_time: 1, overdue: 1, tk: 1 });
      const row = (code: string) => res.body.opds.find((o: { code: string }) => o.code === code);
      expect(row(units[1].opd.code).weeks).toEqual([
        { pledge_date: '2026-11-23', state: 'terlambat', rate: 0.5, flags: [{ code: 'terlambat_lapor', level: 'amber' }, { code: 'kehadiran_rendah', level: 'red' }] },
      ]);
      expect(res.body.belum_lapor.map((b: { code: string }) => b.code)).toEqual([units[2].opd.code]);
      expect(res.body.belum_lapor[0]).toMatchObject({ pledge_date: '2026-11-23', missing_weeks: 12, overdue_hours: expect.any(Number) });
    });

    it('gives a month, and limits an opd token to its unit', async () => {
      const res = await request(app).get('/api/v1/compliance?month=2026-11').set(bearer(t.opd0));
      expect(res.status).toBe(200);
      expectDocumented(res, '/compliance', 'get');
      expect(res.body.period).toMatchObject({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
      expect(res.body.opds.map((o: { code: string }) => o.code)).toEqual([units[0].opd.code]);
      expect(res.body.opds[0].weeks.map((w: { pledge_date: string }) => w.pledge_date)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
      const other = await request(app).get(`/api/v1/compliance?opd=${units[1].opd.code}`).set(bearer(t.opd0));
      expect(other.status).toBe(404);
      expectDocumented(other, '/compliance', 'get');
      const hr = await request(app).get(`/api/v1/compliance?opd=${units[1].opd.code}`).set(bearer(t.hr));
      expect(hr.body.opds.map((o: { code: string }) => o.code)).toEqual([units[1].opd.code]);
    });

    it.each([
      ['both week and month', 'week=2026-11-23&month=2026-11', 'week'],
      ['a month that does not exist', 'month=2026-13', 'month'],
      ['a date that is not one', 'week=2026-02-30', 'week'],
      ['a future week', 'week=2027-01-04', 'week'],
    ])('answers 400 for %s', async (_what, query, path) => {
      const res = await request(app).get(`/api/v1/compliance?${query}`).set(bearer(t.hr));
      expect(res.status).toBe(400);
      expectDocumented(res, '/compliance', 'get');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    });
  });

  describe('GET /reports/monthly', () => {
    it("gives the report's unit rows, totals and a page of employee rows", async () => {
      const res = await request(app).get('/api/v1/reports/monthly?month=2026-11&limit=2').set(bearer(t.hr));
      expect(res.status).toBe(200);
      expectDocumented(res, '/reports/monthly', 'get');
      expect(res.body).toMatchObject({ month: '2026-11', from: '2026-11-01', to: '2026-11-30', opd: null, tpp: { percent_per_tk: 2 } });
      expect(res.body.pledge_dates).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
      const mine = res.body.units.find((u: { opd: { code: string } }) => u.opd.code === units[1].opd.code);
      expect(mine).toMatchObject({ late: 1, tk: 1 });
      expect(res.body.employees.data).toHaveLength(2);
      expect(res.body.employees.next_after).toEqual(expect.any(Number));
      const next = await request(app).get(`/api/v1/reports/monthly?month=2026-11&limit=2&after=${res.body.employees.next_after}`).set(bearer(t.hr));
      expect(next.status).toBe(200);
      expect(next.body.employees.data[0].nip).not.toBe(res.body.employees.data[0].nip);
    });

    it('limits an opd token to its unit; another unit is 404', async () => {
      const res = await request(app).get('/api/v1/reports/monthly?month=2026-11').set(bearer(t.opd0));
      expect(res.status).toBe(200);
      expect(res.body.opd).toEqual({ code: units[0].opd.code, name: units[0].opd.name });
      expect(res.body.units.map((u: { opd: { code: string } }) => u.opd.code)).toEqual([units[0].opd.code]);
      expect(res.body.employees.data).toHaveLength(3);
      const other = await request(app).get(`/api/v1/reports/monthly?month=2026-11&opd=${units[1].opd.code}`).set(bearer(t.opd0));
      expect(other.status).toBe(404);
      expectDocumented(other, '/reports/monthly', 'get');
    });

    it('refuses a future month with 422 and a malformed one with 400', async () => {
      const future = await request(app).get('/api/v1/reports/monthly?month=2027-01').set(bearer(t.hr));
      expect(future.status).toBe(422);
      expectDocumented(future, '/reports/monthly', 'get');
      expect(future.body.error.details[0].path).toBe('month');
      const bad = await request(app).get('/api/v1/reports/monthly?month=November').set(bearer(t.hr));
      expect(bad.status).toBe(400);
      expectDocumented(bad, '/reports/monthly', 'get');
    });
  });
});
