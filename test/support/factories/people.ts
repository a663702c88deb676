import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import type { Category, Database, Role } from '../../../src/db/database';
import { makeNip } from '../../../src/lib/nip';
import { TEST_PASSWORD } from '../app';
import { FACTORY_TIME, next } from './sequence';

/*
 * Units, people and accounts, each with a unique code, NIP and username, so tests in one file
 * never depend on each other's rows.
 */

// Test accounts use cheap argon2id parameters (verify reads them from the hash), so the
// hundreds of sign-ins in the suites do not each cost 64 MiB and three passes.
let passwordHash: Promise<string> | undefined;
function testHash() {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1 });
  return passwordHash;
}

export async function makeOpd(db: Kysely<Database>, over: Partial<Database['opds']> & { code?: string } = {}) {
  const n = next();
  return db
    .insertInto('opds')
    .values({
      code: over.code ?? `OPD${n}`,
      name: over.name ?? `Dinas Uji ${n}`,
      kind: over.kind ?? 'dinas',
      parent_id: over.parent_id ?? null,
      active_from: over.active_from ?? '2020-01-01',
      active_to: over.active_to ?? null,
      created_at: FACTORY_TIME,
      updated_at: FACTORY_TIME,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A valid NIP (PNS layout) or NI PPPK, for any "today" from 2022 on, that no other call in this process returns. */
export function freshNip(opts: { gender?: 'L' | 'P'; layout?: 'pns' | 'pppk' } = {}): string {
  const n = next();
  return makeNip({
    layout: opts.layout ?? 'pns',
    birthDate: `19${70 + (n % 20)}-0${1 + (n % 9)}-${String(10 + (n % 18)).padStart(2, '0')}`,
    start: opts.layout === 'pppk' ? '2023' : '200801',
    gender: opts.gender ?? 'L',
    sequence: 1 + (n % 999),
    agreement: 1 + (Math.floor(n / 999) % 99),
  });
}

export interface EmployeeOptions {
  opdId: number;
  category?: Category;
  name?: string;
  gender?: 'L' | 'P';
  nip?: string;
  /** Assignment start; default 2020-01-01 */
  from?: string;
  activeTo?: string | null;
}

/** An employee with an open assignment to `opdId` from `from` on. */
export async function makeEmployee(db: Kysely<Database>, o: EmployeeOptions) {
  const n = next();
  const category = o.category ?? 'PNS';
  const gender = o.gender ?? (n % 2 ? 'L' : 'P');
  const layout = category === 'PNS' || category === 'CPNS' ? 'pns' : 'pppk';
  const nip = o.nip ?? (category === 'NON_ASN' ? `NA-${n}` : freshNip({ gender, layout }));
  const employee = await db
    .insertInto('employees')
    .values({
      nip,
      name: o.name ?? `Pegawai Uji ${n}`,
      gender,
      category,
      position: 'Analis',
      rank: 'III/a',
      active_from: o.from ?? '2020-01-01',
      active_to: o.activeTo ?? null,
      end_reason: null,
      created_at: FACTORY_TIME,
      updated_at: FACTORY_TIME,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assignments')
    .values({ employee_id: employee.id, opd_id: o.opdId, start_date: o.from ?? '2020-01-01', end_date: null, created_at: FACTORY_TIME })
    .execute();
  return employee;
}

/** Moves an employee to another unit from `on` (the old assignment ends that day, exclusive). */
export async function transfer(db: Kysely<Database>, employeeId: number, toOpdId: number, on: string) {
  await db.updateTable('assignments').set({ end_date: on }).where('employee_id', '=', employeeId).where('end_date', 'is', null).execute();
  await db
    .insertInto('assignments')
    .values({ employee_id: employeeId, opd_id: toOpdId, start_date: on, end_date: null, created_at: FACTORY_TIME })
    .execute();
}

export async function makeUser(
  db: Kysely<Database>,
  o: { role: Role; opdId?: number | null; username?: string; active?: number; mustChange?: number; employeeId?: number },
) {
  const n = next();
  return db
    .insertInto('users')
    .values({
      username: o.username ?? `${o.role}-${n}`,
      display_name: `Pengguna ${o.role} ${n}`,
      role: o.role,
      opd_id: o.opdId ?? null,
      employee_id: o.employeeId ?? null,
      password_hash: await testHash(),
      email: null,
      language: null,
      active: o.active ?? 1,
      must_change_password: o.mustChange ?? 0,
      created_at: FACTORY_TIME,
      updated_at: FACTORY_TIME,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An employee's own account (a pegawai), named by their NIP as activation names it. */
export async function makeEmployeeAccount(db: Kysely<Database>, employee: { id: number; nip: string }) {
  return makeUser(db, { role: 'pegawai', username: employee.nip.toLowerCase(), employeeId: employee.id });
}

/** A unit with `people` employees named "Pegawai 01 <code>", … and its operator account. */
export async function makeUnit(db: Kysely<Database>, people = 3, over: Partial<Database['opds']> = {}) {
  const opd = await makeOpd(db, over);
  const employees = [];
  for (let i = 0; i < people; i++) {
    employees.push(await makeEmployee(db, { opdId: opd.id, name: `Pegawai ${String(i + 1).padStart(2, '0')} ${opd.code}` }));
  }
  const operator = await makeUser(db, { role: 'opd', opdId: opd.id });
  return { opd, employees, operator };
}
