import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
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
