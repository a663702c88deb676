import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { makeEmployee, makeHoliday, makeOpd, makeSession, makeUser, transfer } from './factories';

/**
 * March 2026 in three units, seen from Thursday 2 April 10:00 WIB (set Settings.now to MARCH_NOW).
 * Pledge dates: 2, 9, 16 and 30 March (23 March is a holiday). RPTA: on time, late, not held,
 * not logged. RPTB: three on time, a draft on the 30th. RPTC: closed after 9 March, never logged.
 * Eko moves from RPTA to RPTB on 16 March; "=HYPERLINK" is a name that a spreadsheet would run.
 */
export const MARCH_NOW = Date.parse('2026-04-02T03:00:00Z');

export async function seedMarch(db: Kysely<Database>, tag: string) {
  await makeHoliday(db, '2026-03-23', { kind: 'cuti_bersama' });
  const a = await makeOpd(db, { code: `${tag}A`, name: `Dinas Alfa ${tag}` });
  const b = await makeOpd(db, { code: `${tag}B`, name: `Badan Beta ${tag}` });
  const c = await makeOpd(db, { code: `${tag}C`, name: `Kantor Gamma ${tag}`, active_to: '2026-03-09' });
  const formula = await makeEmployee(db, { opdId: a.id, name: '=HYPERLINK("x")' });
  const budi = await makeEmployee(db, { opdId: a.id, name: 'Budi Santoso' });
  const citra = await makeEmployee(db, { opdId: a.id, name: 'Citra Lestari', category: 'PPPK' });
  const dewi = await makeEmployee(db, { opdId: b.id, name: 'Dewi Anggraini' });
  const eko = await makeEmployee(db, { opdId: a.id, name: 'Eko Prasetyo' });
  await transfer(db, eko.id, b.id, '2026-03-16');

  await makeSession(db, { opdId: a.id, date: '2026-03-02', roll: [[formula.id, 'TK'], [budi.id, 'H'], [citra.id, 'H'], [eko.id, 'H']] });
  await makeSession(db, { opdId: a.id, date: '2026-03-09', late: 1, roll: [[formula.id, 'TK'], [budi.id, 'S'], [citra.id, 'HD'], [eko.id, 'TL']] });
  await makeSession(db, { opdId: a.id, date: '2026-03-16', held: 0 });
  await makeSession(db, { opdId: b.id, date: '2026-03-02', roll: [[dewi.id, 'H']] });
  await makeSession(db, { opdId: b.id, date: '2026-03-09', roll: [[dewi.id, 'H']] });
  await makeSession(db, { opdId: b.id, date: '2026-03-16', roll: [[dewi.id, 'TK'], [eko.id, 'TK']] });
  await makeSession(db, { opdId: b.id, date: '2026-03-30', state: 'draft', roll: [[dewi.id, 'H'], [eko.id, 'H']] });
  const people = { formula, budi, citra, dewi, eko };

  const users = {
    admin: await makeUser(db, { role: 'admin' }),
    hr: await makeUser(db, { role: 'hr' }),
    sekda: await makeUser(db, { role: 'sekda' }),
    opdA: await makeUser(db, { role: 'opd', opdId: a.id }),
    opdB: await makeUser(db, { role: 'opd', opdId: b.id }),
  };
  return { opds: { a, b, c }, people, users };
}

export type MarchScenario = Awaited<ReturnType<typeof seedMarch>>;
