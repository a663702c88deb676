import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { isActiveOn, localToday } from '../../lib/calendar';
import { burnVerify, hashPassword, needsNewHash, verifyPassword } from '../../lib/password';
import { getSettings } from '../settings/settings.repository';
import { findActiveByUsernames, findActiveOfRole, findCredentials, findEmployeeOfAccount, replacePasswordHash, touchLastLogin } from './auth.repository';
import { deleteLoginSessionsOf } from './sessions.repository';

export interface SignedIn {
  userId: number;
  /** The employee of a pegawai account, else null. */
  employeeId: number | null;
}

/**
 * The account when the credentials are right and it may sign in: active, and for an employee's
 * account the employee in service today. Every refusal looks the same to the visitor.
 */
export async function authenticate(db: Kysely<Database>, username: string, password: string, zone: string): Promise<SignedIn | null> {
  const user = await findCredentials(db, username);
  if (!user) return burnVerify(password).then(() => null);
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok || !user.active) return null;
  if (user.employee_id !== null && !(await employeeInService(db, user.employee_id, zone))) return null;
  await touchLastLogin(db, user.id);
  if (needsNewHash(user.password_hash)) await replacePasswordHash(db, user.id, user.password_hash, await hashPassword(password));
  return { userId: user.id, employeeId: user.employee_id };
}

export async function employeeInService(db: Db, employeeId: number, zone: string): Promise<boolean> {
  const today = localToday(zone);
  const employee = await findEmployeeOfAccount(db, employeeId, today);
  return employee !== undefined && isActiveOn(employee, today);
}

/**
 * How long a sign-in lasts: an employee's (on their own phone, opened once a week) for the
 * setting pegawai_session_days; undefined keeps the staff default (src/http/auth.ts).
 */
export async function sessionLifetimeMs(db: Db, employeeId: number | null): Promise<number | undefined> {
  if (employeeId === null) return undefined;
  const { pegawai_session_days } = await getSettings(db);
  return pegawai_session_days * 24 * 60 * 60 * 1000;
}

/** Ends every stored sign-in of a user (sign-out everywhere, password change, disabling). */
export async function endSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<void> {
  await deleteLoginSessionsOf(db, userId, exceptSid);
}

/** The demo's role accounts, a few unit accounts and one employee's (by NIP), for the login page in demo mode. */
export async function demoAccounts(db: Kysely<Database>): Promise<{ username: string; role: string }[]> {
  const roles = await findActiveByUsernames(db, ['admin', 'hr', 'sekda']);
  const units = await findActiveOfRole(db, 'opd', 3);
  const employees = await findActiveOfRole(db, 'pegawai', 1);
  return [...roles, ...units, ...employees];
}
