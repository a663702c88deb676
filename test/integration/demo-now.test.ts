import { sql } from 'kysely';
import { Settings } from 'luxon';
import { generateDemo } from '../../src/features/demo/seed';
import { DEFAULT_SETTINGS } from '../../src/features/settings/settings.defaults';
import { sessionState, type SessionState } from '../../src/features/sessions/session-state';
import { deadlineOf } from '../../src/lib/calendar';
import { createTestDb, type TestDb } from '../support/db';

/*
 * The demo seen at its own "now": Monday 23 November 2026, 09:00 WIB, an hour and a half after
 * the apel. Nothing may be stamped later than that, every state a session can have is there to
 * look at, and the largest unit is still working on this week's roll-call.
 */
const NOW = '2026-11-23T02:00:00.000Z';
const MONDAY = '2026-11-23';

/** Every timestamp column the demo fills. */
const STAMPS: [string, string][] = [
  ['opds', 'created_at'],
  ['opds', 'updated_at'],
  ['employees', 'created_at'],
  ['employees', 'updated_at'],
  ['assignments', 'created_at'],
  ['holidays', 'created_at'],
  ['holidays', 'updated_at'],
  ['sessions', 'submitted_at'],
  ['sessions', 'created_at'],
  ['sessions', 'updated_at'],
  ['planned_absences', 'created_at'],
  ['employee_year_stats', 'updated_at'],
  ['users', 'created_at'],
  ['users', 'updated_at'],
];

describe('the demo at its "now"', () => {
  let t: TestDb;
  beforeAll(async () => {
    Settings.now = () => Date.parse(NOW);
    t = await createTestDb();
    await generateDemo(t.db, 'Asia/Jakarta', { employees: 900, opds: 40, weeks: 12 });
  });
  afterAll(async () => {
    Settings.now = () => Date.now();
    await t.destroy();
  });

  it.each(STAMPS)('stamps nothing in %s.%s after now', async (table, column) => {
    const { rows } = await sql<{ latest: string | null }>`select max(${sql.ref(column)}) as latest from ${sql.table(table)}`.execute(t.db);
    const latest = rows[0].latest;
    if (latest !== null) expect(latest <= NOW).toBe(true);
  });

  it('shows every session state: not yet filled, draft, submitted, late and locked', async () => {
    const opds = await t.db.selectFrom('opds').select('id').execute();
    const sessions = await t.db.selectFrom('sessions').select(['opd_id', 'pledge_date', 'state', 'late']).execute();
    const dates = [...new Set(sessions.map((s) => s.pledge_date))];
    const byKey = new Map(sessions.map((s) => [`${s.opd_id} ${s.pledge_date}`, s]));
    const seen = new Set<SessionState>();
    for (const o of opds) {
      for (const d of dates) seen.add(sessionState(byKey.get(`${o.id} ${d}`), deadlineOf(d, DEFAULT_SETTINGS, 'Asia/Jakarta'), NOW).state);
    }
    expect([...seen].sort()).toEqual(['belum_diisi', 'draf', 'terkirim', 'terkunci', 'terlambat']);
    // This week's submissions are real ones: before now and after the apel.
    const thisWeek = await t.db.selectFrom('sessions').select('submitted_at').where('pledge_date', '=', MONDAY).where('state', '=', 'submitted').execute();
    expect(thisWeek.length).toBeGreaterThan(0);
    for (const s of thisWeek) expect(s.submitted_at! > '2026-11-23T00:30:00.000Z' && s.submitted_at! <= NOW).toBe(true);
  });

  it('leaves the largest unit open on Monday', async () => {
    const { rows } = await sql<{ opd_id: number; n: number }>`
      select opd_id, count(*) as n from assignments where end_date is null group by opd_id order by count(*) desc limit 1`.execute(t.db);
    const session = await t.db.selectFrom('sessions').select(['state', 'late']).where('opd_id', '=', rows[0].opd_id).where('pledge_date', '=', MONDAY).executeTakeFirst();
    const info = sessionState(session, deadlineOf(MONDAY, DEFAULT_SETTINGS, 'Asia/Jakarta'), NOW);
    expect(info.locked).toBe(false);
    expect(info.state).toBe('draf');
  });

  it('starts the Pemda on its first generated week', async () => {
    const first = await t.db.selectFrom('sessions').select((eb) => eb.fn.min('pledge_date').as('d')).executeTakeFirstOrThrow();
    const setting = await t.db.selectFrom('settings').select('value').where('key', '=', 'start_date').executeTakeFirstOrThrow();
    expect(setting.value <= String(first.d)).toBe(true);
    expect(setting.value > '2026-08-01').toBe(true);
  });
});
