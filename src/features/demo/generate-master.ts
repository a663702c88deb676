import type { Db } from '../../db/connect';
import type { Category, NewEmployee } from '../../db/database';
import { makeNip } from '../../lib/nip';
import { addDays } from '../../lib/calendar';
import { bulkInsert } from './bulk.repository';
import { employeeIdsByNip, findOpdIds, setOpdParent } from './demo.repository';
import { DEGREES, DEMO_OPDS, FEMALE_FIRST, LAST, MALE_FIRST, POSITIONS, PNS_RANKS, PPPK_RANKS, type DemoOpd } from './names';
import type { Rng } from './random';

export interface MasterOptions {
  employees: number;
  opds: number;
  /** Cap on the biggest unit (the roll-call budget is set for 3,000 people). */
  largestOpd: number;
  /** First pledge date generated; assignments start before it. */
  from: string;
  now: string;
}

export interface DemoEmployee {
  id: number;
  nip: string;
  opdId: number;
  category: Category;
  name: string;
  /** An employee moved to `toOpdId` from `on` (a mutasi inside the window). */
  transfer?: { toOpdId: number; on: string };
}

/** The demo unit list, extended with numbered UPTD and kecamatan for province-sized runs. */
export function opdList(count: number): DemoOpd[] {
  const list = DEMO_OPDS.slice(0, count);
  for (let i = 1; list.length < count; i++) {
    const n = String(i).padStart(2, '0');
    list.push(
      i % 3 === 0
        ? { code: `KEC-${n}`, name: `Kecamatan Wilayah ${n}`, kind: 'kecamatan', weight: 0.5 }
        : { code: `UPTD-${n}`, name: `UPTD Pelayanan Wilayah ${n}`, kind: 'uptd', weight: 0.7 },
    );
  }
  return list;
}

/** Unit sizes proportional to weight, at least 20, the biggest capped and the rest spread. */
export function sizes(units: DemoOpd[], total: number, largest: number): number[] {
  const weight = units.reduce((a, u) => a + u.weight, 0);
  let out = units.map((u) => Math.max(20, Math.round((u.weight / weight) * total)));
  const excess = out.reduce((a, s) => a + Math.max(0, s - largest), 0);
  out = out.map((s) => Math.min(s, largest));
  const uncapped = out.filter((s) => s < largest).length || 1;
  out = out.map((s) => (s < largest ? s + Math.floor(excess / uncapped) : s));
  out[out.length - 1] += total - out.reduce((a, s) => a + s, 0);
  return out.map((s) => Math.max(20, s));
}

function category(r: Rng): Category {
  const x = r.next();
  if (x < 0.62) return 'PNS';
  if (x < 0.65) return 'CPNS';
  if (x < 0.9) return 'PPPK';
  if (x < 0.97) return 'PPPK_PW';
  return 'NON_ASN';
}

/*
 * Ages and appointment years count back from the demo's own year, so every NIP passes
 * lib/nip.ts whenever the demo is seeded: aged 25-60, appointed at 22 or later, CPNS last year,
 * PPPK in the last four years (never before 2019, when the first PPPK were appointed).
 */
function person(r: Rng, cat: Category, seq: number, used: Set<string>, year: number) {
  const gender = r.chance(0.52) ? 'P' : 'L';
  const first = r.pick(gender === 'L' ? MALE_FIRST : FEMALE_FIRST);
  const name = `${first} ${r.pick(LAST)}${r.pick(DEGREES)}`;
  const birthYear = r.int(year - 60, year - 25);
  const birthDate = `${birthYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  let nip = '';
  for (let attempt = 0; !nip || used.has(nip); attempt++) {
    const s = seq + attempt * 7;
    if (cat === 'NON_ASN') nip = `NA-${String(seq + attempt).padStart(6, '0')}`;
    else if (cat === 'PNS' || cat === 'CPNS') {
      const tmtYear = cat === 'CPNS' ? year - 1 : Math.min(year - 2, birthYear + r.int(22, 32));
      nip = makeNip({ layout: 'pns', birthDate, start: `${tmtYear}${String(r.int(1, 12)).padStart(2, '0')}`, gender, sequence: s });
    } else {
      const appointed = r.pick([year - 4, year - 3, year - 2, year - 1]);
      nip = makeNip({ layout: 'pppk', birthDate, start: String(appointed), gender, sequence: s, agreement: r.int(1, 3) });
    }
  }
  used.add(nip);
  const rank = cat === 'PNS' || cat === 'CPNS' ? r.pick(PNS_RANKS) : cat === 'NON_ASN' ? null : r.pick(PPPK_RANKS);
  return { nip, name, gender: gender as 'L' | 'P', rank, position: r.pick(POSITIONS) };
}

export async function generateMaster(db: Db, r: Rng, opts: MasterOptions) {
  const units = opdList(opts.opds);
  const opdRows = units.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    parent_id: null,
    active_from: '2016-01-01',
    active_to: null,
    created_at: opts.now,
    updated_at: opts.now,
  }));
  await bulkInsert(db, 'opds', opdRows);
  const opds = await findOpdIds(db);
  const idOf = new Map(opds.map((o) => [o.code, o.id]));
  for (const u of units.filter((x) => x.parent)) {
    await setOpdParent(db, u.code, idOf.get(u.parent!)!);
  }

  const unitSizes = sizes(units, opts.employees, opts.largestOpd);
  const used = new Set<string>();
  const rows: (NewEmployee & { opd_code: string })[] = [];
  let seq = 1;
  units.forEach((u, i) => {
    for (let k = 0; k < unitSizes[i]; k++) {
      const cat = category(r);
      const p = person(r, cat, seq++, used, Number(opts.now.slice(0, 4)));
      rows.push({ ...p, category: cat, active_from: '2016-01-01', active_to: null, end_reason: null, created_at: opts.now, updated_at: opts.now, opd_code: u.code });
    }
  });
  await bulkInsert(db, 'employees', rows.map(({ opd_code: _c, ...e }) => e));
  const ids = await employeeIdsByNip(db);

  const employees: DemoEmployee[] = rows.map((e) => ({ id: ids.get(e.nip)!, nip: e.nip, opdId: idOf.get(e.opd_code)!, category: e.category, name: e.name }));
  // A few transfers (mutasi) inside the window, so history shows people in two units.
  const transfers = Math.max(3, Math.round(employees.length * 0.002));
  for (let i = 0; i < transfers; i++) {
    const e = employees[r.int(0, employees.length - 1)];
    const to = opds[r.int(0, opds.length - 1)].id;
    if (to !== e.opdId && !e.transfer) e.transfer = { toOpdId: to, on: addDays(opts.from, 7 * r.int(2, 8)) };
  }
  const assignments = employees.flatMap((e) =>
    e.transfer
      ? [
          { employee_id: e.id, opd_id: e.opdId, start_date: '2016-01-01', end_date: e.transfer.on, created_at: opts.now },
          { employee_id: e.id, opd_id: e.transfer.toOpdId, start_date: e.transfer.on, end_date: null, created_at: opts.now },
        ]
      : [{ employee_id: e.id, opd_id: e.opdId, start_date: '2016-01-01', end_date: null, created_at: opts.now }],
  );
  await bulkInsert(db, 'assignments', assignments);
  return { opds, employees };
}
