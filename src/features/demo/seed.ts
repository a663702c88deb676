import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Database, Role } from '../../db/database';
import { addDays, currentPledgeDate, mondayOf, pledgeDatesBetween, localToday, type HolidayMap } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { hashPassword } from '../../lib/password';
import { OFFICIAL_HOLIDAYS } from '../holidays/official';
import { DEFAULT_SETTINGS } from '../settings/settings.defaults';
import { upsertSetting } from '../settings/settings.repository';
import { bulkInsert } from './bulk.repository';
import { deferAttendanceForeignKeys, widenSqliteCache } from './bulk-load.repository';
import { generateCheckIns } from './generate-check-ins';
import { findUnitUsers, hasAnyUser } from './demo.repository';
import { generateMaster, type DemoEmployee } from './generate-master';
import { generateSessions } from './generate-sessions';
import { rng } from './random';

export const DEMO_PASSWORD = 'ikrar-demo';

export interface DemoSize {
  employees: number;
  opds: number;
  weeks: number;
  largestOpd?: number;
  seed?: number;
}

export const DEMO_DEFAULT: DemoSize = { employees: 5000, opds: 40, weeks: 12 };

export interface DemoSummary {
  opds: number;
  employees: number;
  weeks: number;
  sessions: number;
  attendanceRows: number;
  ms: number;
}

/** The demo's accounts (admin included) share a published password: never in production. */
export class DemoInProductionError extends Error {
  constructor() {
    super('Refused: the demo generator does not run with NODE_ENV=production (its accounts, admin included, have the public demo password).');
  }
}

export function refuseDemoInProduction(nodeEnv = process.env.NODE_ENV): void {
  if (nodeEnv === 'production') throw new DemoInProductionError();
}

/**
 * Fills an empty database with a realistic Pemda (with the demo logins the README lists).
 * The same generator with a larger size feeds the benchmarks. Every path to it (the first start,
 * `npm run seed:demo`, the benchmarks) passes this check, so production never gets its accounts.
 */
export async function generateDemo(db: Kysely<Database>, timezone: string, size: DemoSize): Promise<DemoSummary> {
  refuseDemoInProduction();
  const restoreCache = await widenSqliteCache(db);
  try {
    return await generate(db, timezone, size);
  } finally {
    await restoreCache();
  }
}

async function generate(db: Kysely<Database>, timezone: string, size: DemoSize): Promise<DemoSummary> {
  const started = Date.now();
  const r = rng(size.seed ?? 20261124);
  const now = nowIso();
  const today = localToday(timezone);

  return db.transaction().execute(async (trx) => {
    const holidays = Object.values(OFFICIAL_HOLIDAYS).flat();
    await bulkInsert(
      trx,
      'holidays',
      holidays.map((h) => ({ ...h, needs_review: 0, created_at: now, updated_at: now })),
    );
    const holidayMap: HolidayMap = new Map(holidays.map((h) => [h.date, h.kind]));
    const dates = pledgeDatesBetween(addDays(today, -7 * size.weeks), today, holidayMap, DEFAULT_SETTINGS.holiday_policy);
    const current = currentPledgeDate(timezone, holidayMap, DEFAULT_SETTINGS.holiday_policy);

    const { opds, employees } = await generateMaster(trx, r, {
      employees: size.employees,
      opds: size.opds,
      largestOpd: size.largestOpd ?? 3000,
      from: dates[0] ?? today,
      now,
    });

    const hash = await hashPassword(DEMO_PASSWORD);
    // One hash for every demo account: argon2 is slow on purpose, and DISKOMINFO alone has hundreds.
    const user = (username: string, display_name: string, role: Role, opd_id: number | null) => ({
      username,
      display_name,
      role,
      opd_id,
      password_hash: hash,
      email: null,
      language: null,
      created_at: now,
      updated_at: now,
    });
    await bulkInsert(trx, 'users', [
      user('admin', 'Administrator Ikrar', 'admin', null),
      user('hr', 'Operator BKD', 'hr', null),
      user('sekda', 'Sekretaris Daerah', 'sekda', null),
      ...opds.map((o) => user(`opd-${o.code.toLowerCase()}`, `Operator ${o.name}`, 'opd', o.id)),
    ]);
    await bulkInsert(trx, 'users', employeeAccounts(opds, employees, today, (e) => ({ ...user(e.nip.toLowerCase(), e.name, 'pegawai', null), employee_id: e.id })));
    const users = await findUnitUsers(trx);
    const userOf = new Map(users.map((u) => [u.opd_id!, u.id]));

    // Upcoming planned absences, so this week's roll-call shows pre-filled rows.
    const upcoming = employees.filter(() => r.chance(0.01)).map((e) => {
      const status = r.pick(['DL', 'C', 'S', 'I'] as const);
      return {
        employee_id: e.id,
        status,
        cuti_type: status === 'C' ? 'tahunan' : null,
        start_date: addDays(today, -r.int(0, 6)),
        end_date: addDays(today, r.int(3, 14)),
        document_ref: status === 'DL' ? `800/${r.int(100, 999)}/ST/${today.slice(0, 4)}` : `851/${r.int(100, 999)}/${today.slice(0, 4)}`,
        note: null,
        created_by: null,
        created_at: now,
      };
    });
    await bulkInsert(trx, 'planned_absences', upcoming);

    // The demo Pemda "started using Ikrar" with its first generated week: the year view must not
    // count the Mondays before it as missed.
    if (dates.length) await upsertSetting(trx, 'start_date', mondayOf(dates[0]), 'string', null);
    const restoreForeignKeys = await deferAttendanceForeignKeys(trx);
    const result = await generateSessions(trx, r, opds, employees, { pledgeDates: dates, current, timezone, now, userOf });
    await restoreForeignKeys();
    await generateCheckIns(trx, r, { today, timezone, userOf });
    return {
      opds: opds.length,
      employees: employees.length,
      weeks: dates.length,
      sessions: result.sessions,
      attendanceRows: result.attendanceRows,
      ms: Date.now() - started,
    };
  });
}

/** The unit whose people have their own accounts in the demo (the README names one NIP). */
export const DEMO_EMPLOYEE_UNIT = 'DISKOMINFO';

/** Everyone working in DISKOMINFO today gets an active employee account (the demo skips activation). */
function employeeAccounts<T>(opds: { id: number; code: string }[], employees: DemoEmployee[], today: string, account: (e: DemoEmployee) => T): T[] {
  const unit = opds.find((o) => o.code === DEMO_EMPLOYEE_UNIT);
  if (!unit) return [];
  const unitOn = (e: DemoEmployee) => (e.transfer && e.transfer.on <= today ? e.transfer.toOpdId : e.opdId);
  return employees.filter((e) => unitOn(e) === unit.id).map(account);
}

/**
 * `npm start` on a new, empty database outside production: seed the demo and say so. Instances
 * starting together call this under the start-up lock (src/startup.ts), so only one seeds.
 */
export async function seedIfEmpty(db: Kysely<Database>, config: Config, logger: Logger): Promise<void> {
  if (await hasAnyUser(db)) return;
  logger.info('empty database: generating the demo province (DEMO=0 turns this off)');
  const s = await generateDemo(db, config.timezone, DEMO_DEFAULT);
  logger.info(
    s,
    `demo ready: ${s.opds} OPD, ${s.employees} employees, ${s.sessions} sessions in ${s.ms} ms; sign in as admin, hr, sekda, opd-<code> or a DISKOMINFO employee's NIP with password ${DEMO_PASSWORD}`,
  );
}
