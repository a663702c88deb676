import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { findEventCheckIns, findUnitCheckIns, insertCheckIn, otherFromDevice, type NewCheckIn } from '../../src/features/checkin/check-in.repository';
import { flagSameDevice, updateReview } from '../../src/features/checkin/check-in-review.repository';
import { createTestDb, type TestDb } from '../support/db';
import { makeUnit } from '../support/factories';

/*
 * The check-in rows themselves, on both databases: one per employee and apel and one per
 * employee and event (the partial unique indexes decide), the "titip absen" device rule, and a
 * review that only a pending check-in takes.
 */
describe('check-in rows', () => {
  let t: TestDb;
  let db: Kysely<Database>;
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let eventId: number;
  const DATE = '2026-11-23';
  const at = (min: number) => `2026-11-23T00:${String(min).padStart(2, '0')}:00.000Z`;
  const row = (employee: number, over: Partial<NewCheckIn> = {}): NewCheckIn => ({ opd_id: unit.opd.id, pledge_date: DATE, event_id: null, employee_id: unit.employees[employee].id, checked_in_at: at(employee), method: 'self', ...over });

  beforeAll(async () => {
    t = await createTestDb();
    db = t.db;
    unit = await makeUnit(db, 3);
    const event = { kind: 'hut_korpri', title: 'HUT Korpri', date: DATE, start_time: '07:30', place: 'Alun-alun', mode: 'langsung', all_units: 1, check_in: 1, created_at: at(0), updated_at: at(0) };
    eventId = (await db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t.destroy());

  it('keeps one check-in per employee and apel, and one per event, apart from each other', async () => {
    expect(await insertCheckIn(db, row(0))).toHaveProperty('recorded.employee_id', unit.employees[0].id);
    expect(await insertCheckIn(db, row(0, { checked_in_at: at(9) }))).toBe('duplicate');
    // The same person at an event the same day is another check-in.
    expect(await insertCheckIn(db, row(0, { event_id: eventId }))).toHaveProperty('recorded.event_id', eventId);
    expect(await insertCheckIn(db, row(0, { event_id: eventId }))).toBe('duplicate');
    expect(await insertCheckIn(db, row(1))).toHaveProperty('recorded');
    expect((await findUnitCheckIns(db, unit.opd.id, DATE)).map((c) => [c.employee_id, c.event_id])).toEqual(
      expect.arrayContaining([
        [unit.employees[0].id, null],
        [unit.employees[0].id, eventId],
        [unit.employees[1].id, null],
      ]),
    );
    expect((await findEventCheckIns(db, eventId)).map((c) => c.employee_id)).toEqual([unit.employees[0].id]);
  });

  it("flags the earlier check-ins of other employees from the same device, and not a rejected one", async () => {
    await db.deleteFrom('check_ins').execute();
    const first = await insertCheckIn(db, row(0, { device: 'dev-1' }));
    const other = await insertCheckIn(db, row(1, { device: 'dev-2' }));
    if (first === 'duplicate' || other === 'duplicate') throw new Error('setup');
    const probe = { device: 'dev-1', opd_id: unit.opd.id, pledge_date: DATE, event_id: null, employee_id: unit.employees[2].id };
    expect(await otherFromDevice(db, probe)).toBe(true);
    expect(await otherFromDevice(db, { ...probe, employee_id: unit.employees[0].id })).toBe(false);
    expect(await otherFromDevice(db, { ...probe, event_id: eventId })).toBe(false);
    const third = await insertCheckIn(db, row(2, { device: 'dev-1', review: 'pending', review_reason: 'same_device' }));
    if (third === 'duplicate') throw new Error('setup');
    expect(await flagSameDevice(db, third.recorded)).toBe(1);
    const rows = await db.selectFrom('check_ins').select(['employee_id', 'review', 'review_reason']).orderBy('id').execute();
    expect(rows.map((r) => [r.review, r.review_reason])).toEqual([
      ['pending', 'same_device'],
      [null, null],
      ['pending', 'same_device'],
    ]);
    expect(await updateReview(db, first.recorded.id, 'rejected', unit.operator.id, at(30))).toBe(true);
    // Decided already: a second verdict changes nothing, and flagging again leaves a rejection alone.
    expect(await updateReview(db, first.recorded.id, 'accepted', unit.operator.id, at(31))).toBe(false);
    expect(await flagSameDevice(db, third.recorded)).toBe(0);
    expect((await db.selectFrom('check_ins').select('review').where('id', '=', first.recorded.id).executeTakeFirstOrThrow()).review).toBe('rejected');
  });
});
