import type { Status } from '../../src/db/database';
import { rebuildRollups } from '../../src/features/compliance/rebuild';
import { writeAttendance, type AttendanceWrite } from '../../src/features/sessions/attendance.writer';
import type { CleanRow } from '../../src/features/sessions/roll-call';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { ConflictError } from '../../src/http/errors';
import { useTestApp } from '../support/app';
import { makeUnit, makeUser } from '../support/factories';
import { MONDAY } from '../support/clock';

/*
 * The one path attendance rows take: each write leaves the rows as asked, rollups equal to a
 * rebuild from those rows, the version one higher and exactly one audit row.
 */
describe('the attendance writer', () => {
  const ctx = useTestApp();
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let actor: AttendanceWrite['actor'];
  let ids: number[];

  beforeAll(async () => {
    unit = await makeUnit(ctx.db, 4);
    ids = unit.employees.map((e) => e.id);
    const hr = await makeUser(ctx.db, { role: 'hr' });
    actor = { user: { id: hr.id, username: hr.username, via: 'session' }, requestId: 'req-writer' };
  });

  const row = (employeeId: number, status: Status, note: string | null = null): CleanRow => ({
    employeeId,
    status,
    cuti_type: null,
    note,
    planned_absence_id: null,
  });
  const findSession = () => ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', unit.opd.id).where('pledge_date', '=', MONDAY).executeTakeFirst();
  const rowsNow = async () =>
    (await ctx.db.selectFrom('attendance').select(['employee_id', 'status', 'note']).where('opd_id', '=', unit.opd.id).orderBy('employee_id').execute()).map(
      (r) => [r.employee_id, r.status, r.note],
    );
  const auditRows = () => ctx.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'req-writer').orderBy('id').execute();

  /** Session totals and employee-year figures as stored, to compare with a rebuild. */
  async function rollups() {
    const sessions = await ctx.db
      .selectFrom('sessions')
      .select(['id', 'expected_count', 'excused_count', 'compliant_count', 'count_h', 'count_s', 'count_tk', 'rate'])
      .orderBy('id')
      .execute();
    const stats = await ctx.db
      .selectFrom('employee_year_stats')
      .select(['employee_id', 'year', 'tk_count', 'tk_streak', 'max_streak', 'last_pledge_date', 'step', 'covered', 'open_flag'])
      .orderBy('employee_id')
      .orderBy('year')
      .execute();
    return { sessions: sessions.map((s) => ({ ...s, rate: s.rate == null ? null : Number(s.rate) })), stats };
  }

  async function expectRollupsEqualRebuild() {
    const maintained = await rollups();
    await rebuildRollups(ctx.db, DEFAULT_SETTINGS);
    expect(await rollups()).toEqual(maintained);
    return maintained;
  }

  const base = { at: { opdId: 0, pledgeDate: MONDAY }, settings: DEFAULT_SETTINGS };
  type Write = Parameters<typeof writeAttendance>[1];
  /** One write by the hr actor in its own transaction, stamped `updatedAt`. */
  const writeAs = (session: Write['session'], updatedAt: string, what: Pick<Write, 'rows' | 'scope' | 'audit' | 'beforeAudit'>) =>
    ctx.db.transaction().execute((trx) =>
      writeAttendance(trx, { ...base, actor, session, set: { updated_by: actor.user!.id, updated_at: updatedAt }, ...what }),
    );

  it('creates and submits a roll-call: rows, rollups, version 1 and one audit row', async () => {
    const nips = new Map(unit.employees.map((e) => [e.id, e.nip]));
    const written = await ctx.db.transaction().execute((trx) =>
      writeAttendance(trx, {
        ...base,
        actor,
        session: undefined,
        at: { opdId: unit.opd.id, pledgeDate: MONDAY },
        set: { held: 1, state: 'submitted', updated_by: actor.user!.id, updated_at: '2026-11-23T03:00:00.000Z' },
        rows: [row(ids[0], 'H'), row(ids[1], 'TK'), row(ids[2], 'S', 'demam'), row(ids[3], 'TK')],
        scope: 'roll-call',
        audit: { entity: 'session', action: 'submit', nipOf: (id) => nips.get(id)! },
      }),
    );
    expect(await rowsNow()).toEqual([
      [ids[0], 'H', null],
      [ids[1], 'TK', null],
      [ids[2], 'S', 'demam'],
      [ids[3], 'TK', null],
    ]);
    expect(written.session).toMatchObject({ version: 1, state: 'submitted', expected_count: 4, count_tk: 2, excused_count: 1 });
    const figures = await expectRollupsEqualRebuild();
    expect(figures.stats.filter((s) => s.tk_count > 0).map((s) => s.employee_id)).toEqual([ids[1], ids[3]]);
    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'session', entity_id: String(written.session.id), action: 'submit', opd_id: unit.opd.id, before: 'null' });
    // A first save lists only the exceptions: everyone else is H.
    expect(JSON.parse(audit[0].after!)).toEqual({
      version: 1,
      state: 'submitted',
      attendance: [
        { employee_id: ids[1], nip: nips.get(ids[1]), from: null, to: 'TK' },
        { employee_id: ids[2], nip: nips.get(ids[2]), from: null, to: 'S' },
        { employee_id: ids[3], nip: nips.get(ids[3]), from: null, to: 'TK' },
      ],
    });
  });

  it('edits a whole roll-call: changed rows written, a dropped person deleted, version bumped once', async () => {
    const session = (await findSession())!;
    const auditBefore = (await auditRows()).length;
    const written = await writeAs(session, '2026-11-23T04:00:00.000Z', {
      rows: [row(ids[0], 'H'), row(ids[1], 'H'), row(ids[2], 'S', 'demam')],
      scope: 'roll-call',
      audit: { entity: 'session', action: 'update', nipOf: (id) => `nip-${id}`, describe: () => ({ before: { notes: null }, after: { notes: 'x' } }) },
    });
    expect(written).toMatchObject({ changed: [ids[1]], removed: [ids[3]] });
    expect(written.session.version).toBe(session.version + 1);
    expect((await findSession())!.version).toBe(session.version + 1);
    expect(await rowsNow()).toEqual([
      [ids[0], 'H', null],
      [ids[1], 'H', null],
      [ids[2], 'S', 'demam'],
    ]);
    const figures = await expectRollupsEqualRebuild();
    expect(figures.stats.filter((s) => s.tk_count > 0)).toEqual([]);
    const audit = (await auditRows()).slice(auditBefore);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!)).toEqual({ version: session.version, state: 'submitted', notes: null });
    expect(JSON.parse(audit[0].after!)).toEqual({
      version: session.version + 1,
      state: 'submitted',
      notes: 'x',
      attendance: [
        { employee_id: ids[1], nip: `nip-${ids[1]}`, from: 'TK', to: 'H' },
        { employee_id: ids[3], nip: `nip-${ids[3]}`, from: 'TK', to: null },
      ],
    });
  });

  it('changes one row and leaves the others; the audit row names that row before and after', async () => {
    const session = (await findSession())!;
    const auditBefore = (await auditRows()).length;
    const written = await writeAs(session, '2026-11-23T05:00:00.000Z', {
      rows: [row(ids[1], 'TK', 'tidak datang')],
      scope: 'rows',
      audit: { entity: 'attendance', action: 'reason_accepted' },
      beforeAudit: async () => ({ follow_up_id: 7 }),
    });
    expect(written).toMatchObject({ changed: [ids[1]], removed: [] });
    expect(written.session.version).toBe(session.version + 1);
    expect(await rowsNow()).toEqual([
      [ids[0], 'H', null],
      [ids[1], 'TK', 'tidak datang'],
      [ids[2], 'S', 'demam'],
    ]);
    const figures = await expectRollupsEqualRebuild();
    expect(figures.stats.find((s) => s.employee_id === ids[1])).toMatchObject({ tk_count: 1, tk_streak: 1 });
    const audit = (await auditRows()).slice(auditBefore);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'attendance', entity_id: `${session.id}:${ids[1]}`, action: 'reason_accepted' });
    expect(JSON.parse(audit[0].before!)).toEqual({ status: 'H', cuti_type: null, note: null });
    expect(JSON.parse(audit[0].after!)).toEqual({ status: 'TK', cuti_type: null, note: 'tidak datang', follow_up_id: 7 });
  });

  it('refuses a session read before another write (409) and the transaction writes nothing', async () => {
    const stale = (await findSession())!;
    await ctx.db.transaction().execute((trx) =>
      writeAttendance(trx, { ...base, actor, session: stale, set: {}, rows: [row(ids[0], 'I')], scope: 'rows', audit: { entity: 'attendance', action: 'x' } }),
    );
    const before = { rows: await rowsNow(), audit: (await auditRows()).length, version: (await findSession())!.version };
    const again = ctx.db.transaction().execute((trx) =>
      writeAttendance(trx, { ...base, actor, session: stale, set: {}, rows: [row(ids[0], 'TK')], scope: 'rows', audit: { entity: 'attendance', action: 'x' } }),
    );
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect({ rows: await rowsNow(), audit: (await auditRows()).length, version: (await findSession())!.version }).toEqual(before);
  });

  it('takes only a transaction: a plain database does not type-check, nor run', async () => {
    const session = (await findSession())!;
    const before = { rows: await rowsNow(), version: session.version };
    const write: AttendanceWrite = { ...base, actor, session, set: {}, rows: [row(ids[0], 'TK')], scope: 'rows', audit: { entity: 'attendance', action: 'x' } };
    // @ts-expect-error: a Kysely is not a Transaction (`npm run typecheck` fails if this line compiles).
    await expect(writeAttendance(ctx.db, write)).rejects.toThrow(/transaction/);
    expect({ rows: await rowsNow(), version: (await findSession())!.version }).toEqual(before);
  });
});
