import { expectedAttendees } from '../../src/features/sessions/expected';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { useTestApp } from '../support/app';
import { makeAbsence, makeEmployee, makeOpd, transfer } from '../support/factories';

const ctx = useTestApp();
const DATE = '2026-11-23';
const ids = async (opdId: number, date = DATE, settings = DEFAULT_SETTINGS) =>
  (await expectedAttendees(ctx.db, opdId, date, settings)).map((a) => a.id);

describe('expectedAttendees', () => {
  it('follows a transfer on the pledge date: the new unit only, from that day', async () => {
    const a = await makeOpd(ctx.db);
    const b = await makeOpd(ctx.db);
    const stays = await makeEmployee(ctx.db, { opdId: a.id, name: 'A Tetap' });
    const moves = await makeEmployee(ctx.db, { opdId: a.id, name: 'B Pindah' });
    await transfer(ctx.db, moves.id, b.id, DATE);

    expect(await ids(a.id)).toEqual([stays.id]);
    expect(await ids(b.id)).toEqual([moves.id]);
    expect(await ids(a.id, '2026-11-16')).toEqual([stays.id, moves.id]);
    expect(await ids(b.id, '2026-11-16')).toEqual([]);
  });

  it('leaves out people not yet or no longer in service (active_to is their last day)', async () => {
    const opd = await makeOpd(ctx.db);
    const lastDayToday = await makeEmployee(ctx.db, { opdId: opd.id, activeTo: DATE });
    await makeEmployee(ctx.db, { opdId: opd.id, activeTo: '2026-11-22' });
    await makeEmployee(ctx.db, { opdId: opd.id, from: '2026-11-24' });
    const joinedToday = await makeEmployee(ctx.db, { opdId: opd.id, from: DATE });
    expect((await ids(opd.id)).sort()).toEqual([lastDayToday.id, joinedToday.id].sort());
  });

  it('keeps only the categories that must attend (a setting)', async () => {
    const opd = await makeOpd(ctx.db);
    const pns = await makeEmployee(ctx.db, { opdId: opd.id, category: 'PNS' });
    const honorer = await makeEmployee(ctx.db, { opdId: opd.id, category: 'NON_ASN' });
    expect(await ids(opd.id)).toEqual([pns.id]);
    const all = { ...DEFAULT_SETTINGS, categories_required: [...DEFAULT_SETTINGS.categories_required, 'NON_ASN' as const] };
    expect((await ids(opd.id, DATE, all)).sort()).toEqual([pns.id, honorer.id].sort());
    expect(await ids(opd.id, DATE, { ...DEFAULT_SETTINGS, categories_required: [] })).toEqual([]);
  });

  it('drops people on CLTN and pre-fills other planned absences covering the date', async () => {
    const opd = await makeOpd(ctx.db);
    const cltn = await makeEmployee(ctx.db, { opdId: opd.id, name: 'C Cltn' });
    const cancelledCltn = await makeEmployee(ctx.db, { opdId: opd.id, name: 'D Batal' });
    const onDuty = await makeEmployee(ctx.db, { opdId: opd.id, name: 'E Dinas' });
    const onLeave = await makeEmployee(ctx.db, { opdId: opd.id, name: 'F Cuti' });
    const tb = await makeEmployee(ctx.db, { opdId: opd.id, name: 'G Belajar' });
    await makeAbsence(ctx.db, { employeeId: cltn.id, status: 'CLTN', from: '2026-01-01', to: '2027-12-31' });
    await makeAbsence(ctx.db, { employeeId: cancelledCltn.id, status: 'CLTN', from: '2026-01-01', to: '2027-12-31', cancelled: true });
    const dl = await makeAbsence(ctx.db, { employeeId: onDuty.id, status: 'DL', from: DATE, to: DATE, ref: '800/9/ST/2026' });
    await makeAbsence(ctx.db, { employeeId: onLeave.id, status: 'C', cutiType: 'tahunan', from: '2026-11-10', to: '2026-11-22' });
    await makeAbsence(ctx.db, { employeeId: tb.id, status: 'TB', from: '2025-08-01', to: '2027-07-31' });

    const rows = await expectedAttendees(ctx.db, opd.id, DATE, DEFAULT_SETTINGS);
    expect(rows.map((r) => r.name)).toEqual(['D Batal', 'E Dinas', 'F Cuti', 'G Belajar']);
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('D Batal')!.absence).toBeNull();
    expect(byName.get('E Dinas')!.absence).toEqual({ id: dl.id, status: 'DL', cuti_type: null, document_ref: '800/9/ST/2026' });
    expect(byName.get('F Cuti')!.absence).toBeNull(); // ended the day before
    expect(byName.get('G Belajar')!.absence?.status).toBe('TB');
    expect(byName.get('E Dinas')).toMatchObject({ nip: onDuty.nip, position: 'Analis', category: 'PNS' });
  });

  it('reads a planned absence of a transferred person only in the unit they belong to on the date', async () => {
    const a = await makeOpd(ctx.db);
    const b = await makeOpd(ctx.db);
    const p = await makeEmployee(ctx.db, { opdId: a.id });
    await makeAbsence(ctx.db, { employeeId: p.id, status: 'S', from: '2026-11-16', to: DATE });
    await transfer(ctx.db, p.id, b.id, DATE);
    const inB = await expectedAttendees(ctx.db, b.id, DATE, DEFAULT_SETTINGS);
    expect(inB).toHaveLength(1);
    expect(inB[0].absence?.status).toBe('S');
    expect(await ids(a.id)).toEqual([]);
  });

  it('lets CLTN win over an overlapping absence, whatever the order', async () => {
    const opd = await makeOpd(ctx.db);
    const p = await makeEmployee(ctx.db, { opdId: opd.id });
    await makeAbsence(ctx.db, { employeeId: p.id, status: 'CLTN', from: '2026-11-01', to: '2026-12-31' });
    await makeAbsence(ctx.db, { employeeId: p.id, status: 'DL', from: DATE, to: DATE });
    expect(await ids(opd.id)).toEqual([]);
  });
});
