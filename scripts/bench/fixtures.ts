import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { bulkInsert } from '../../src/features/demo/bulk.repository';
import type { Database } from '../../src/db/database';
import { currentPledgeDate, localToday, type HolidayMap } from '../../src/lib/calendar';
import { makeNip } from '../../src/lib/nip';
import { getSettings } from '../../src/features/settings/settings.repository';
import type { UnitSize } from './picks';

export interface Targets {
  /** This week's pledge date (the roll-call a unit works on this Monday). */
  pledgeDate: string;
  /** Last month: the monthly report HR downloads in the first days of a month. */
  month: string;
  today: string;
}

export async function targets(db: Kysely<Database>, timezone: string): Promise<Targets> {
  const settings = await getSettings(db);
  const holidays: HolidayMap = new Map((await db.selectFrom('holidays').select(['date', 'kind']).execute()).map((h) => [h.date, h.kind]));
  const pledgeDate = currentPledgeDate(timezone, holidays, settings.holiday_policy);
  if (!pledgeDate) throw new Error('no pledge date in the last year');
  const today = localToday(timezone);
  const month = DateTime.fromISO(today).minus({ months: 1 }).toFormat('yyyy-MM');
  return { pledgeDate, month, today };
}

/**
 * Head-count of every unit in existence today: open assignments of people in service (the
 * largest unit is counted the same way in dataset.ts, which does not look at service dates).
 */
export async function unitSizes(db: Kysely<Database>, today: string): Promise<UnitSize[]> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .where('a.end_date', 'is', null)
    .where((eb) => eb.or([eb('o.active_to', 'is', null), eb('o.active_to', '>=', today)]))
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', today)]))
    .groupBy('o.code')
    .select(['o.code', (eb) => eb.fn.countAll<number>().as('people')])
    .execute();
  return rows.map((r) => ({ code: r.code, people: Number(r.people) }));
}

/**
 * A unit of `people` on the run's copy, for the phone roll-call's "small unit" when the province
 * has none that small (its generator makes no unit under about 200 people): the page of a
 * 20-person unit is the yardstick a 3,000-person page is held to.
 */
export async function addSmallUnit(db: Kysely<Database>, people: number): Promise<UnitSize> {
  const code = `BENCH-${people}`;
  const now = new Date().toISOString();
  const found = await db.selectFrom('opds').select('id').where('code', '=', code).executeTakeFirst();
  if (found) return { code, people };
  const { id } = await db
    .insertInto('opds')
    .values({ code, name: `Unit Uji ${people} Orang`, kind: 'bagian', parent_id: null, active_from: '2020-01-01', active_to: null, head_name: null, head_rank: null, head_nip: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const nips = Array.from({ length: people }, (_, i) => `19900101202001${String(9000 + i)}`);
  await bulkInsert(
    db,
    'employees',
    nips.map((nip, i) => ({ nip, name: `Pegawai Uji ${i + 1}`, gender: 'L' as const, category: 'PNS' as const, position: null, rank: null, active_from: '2020-01-01', active_to: null, end_reason: null, created_at: now, updated_at: now })),
  );
  const ids = await db.selectFrom('employees').select('id').where('nip', 'in', nips).execute();
  await bulkInsert(db, 'assignments', ids.map((e) => ({ employee_id: e.id, opd_id: id, start_date: '2020-01-01', end_date: null, created_at: now })));
  return { code, people };
}

const CATEGORY_LABEL: Record<string, string> = { PNS: 'PNS', CPNS: 'CPNS', PPPK: 'PPPK', PPPK_PW: 'PPPK Paruh Waktu', NON_ASN: 'Non-ASN' };

/**
 * A SIMPEG-style export of every employee with the changes a monthly sync brings: 2% renamed
 * (a degree added), 1% moved to another unit, 0.5% missing (left, not deactivated), 500 new
 * CPNS. Semicolon-separated as Indonesian Excel writes it.
 */
export async function importCsv(db: Kysely<Database>, today: string): Promise<Buffer> {
  const opds = await db.selectFrom('opds').select('code').orderBy('id').execute();
  const people = await db
    .selectFrom('employees as e')
    .innerJoin('assignments as a', (j) => j.onRef('a.employee_id', '=', 'e.id').on('a.end_date', 'is', null))
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['e.nip', 'e.name', 'e.position', 'e.rank', 'e.category', 'e.gender', 'o.code'])
    .where((eb) => eb.or([eb('e.active_to', 'is', null), eb('e.active_to', '>=', today)]))
    .orderBy('e.id')
    .execute();
  const lines = ['NIP;Nama;Jabatan;Golongan;Kode Unit;Jenis Pegawai;Jenis Kelamin'];
  people.forEach((e, i) => {
    if (i % 200 === 2) return;
    const name = i % 50 === 0 ? `${e.name.replace(/,.*$/, '')}, M.M.` : e.name;
    const unit = i % 100 === 1 ? opds[(i * 7) % opds.length].code : e.code;
    lines.push([e.nip, name, e.position ?? '', e.rank ?? '', unit, CATEGORY_LABEL[e.category], e.gender].map(cell).join(';'));
  });
  for (let i = 0; i < 500; i++) {
    const nip = makeNip({ layout: 'pns', birthDate: '2000-02-02', start: '202601', gender: i % 2 ? 'L' : 'P', sequence: 900 + i });
    lines.push([nip, `Calon Pegawai ${i + 1}`, 'Analis Kebijakan', 'III/a', opds[i % opds.length].code, 'CPNS', i % 2 ? 'L' : 'P'].join(';'));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

function cell(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
