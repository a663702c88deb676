import type { Kysely } from 'kysely';
import type { Category, Database, Role } from '../../src/db/database';
import argon2 from 'argon2';
import { makeNip } from '../../src/lib/nip';
import { TEST_PASSWORD } from './app';

/*
 * Factories make exactly what a test needs, with unique codes and NIPs, so tests in one
 * file never depend on each other's rows.
 */
let counter = 0;
const next = () => ++counter + (process.pid % 1000) * 10000;
const NOW = '2026-01-01T00:00:00.000Z';

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
      created_at: NOW,
      updated_at: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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

export async function makeEmployee(db: Kysely<Database>, o: EmployeeOptions) {
  const n = next();
  const category = o.category ?? 'PNS';
  const gender = o.gender ?? (n % 2 ? 'L' : 'P');
  const nip =
    o.nip ??
    (category === 'NON_ASN'
      ? `NA-${n}`
      : makeNip({
          layout: category === 'PNS' || category === 'CPNS' ? 'pns' : 'pppk',
          birthDate: `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 9}`,
          start: category === 'PNS' || category === 'CPNS' ? '201503' : '2023',
          gender,
          sequence: n,
        }));
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
      created_at: NOW,
      updated_at: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assignments')
    .values({ employee_id: employee.id, opd_id: o.opdId, start_date: o.from ?? '2020-01-01', end_date: null, created_at: NOW })
    .execute();
  return employee;
}

export async function makeUser(
  db: Kysely<Database>,
  o: { role: Role; opdId?: number | null; username?: string; active?: number; mustChange?: number },
) {
  const n = next();
  return db
    .insertInto('users')
    .values({
      username: o.username ?? `${o.role}-${n}`,
      display_name: `Pengguna ${o.role} ${n}`,
      role: o.role,
      opd_id: o.opdId ?? null,
      password_hash: await testHash(),
      email: null,
      language: null,
      active: o.active ?? 1,
      must_change_password: o.mustChange ?? 0,
      created_at: NOW,
      updated_at: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
