import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { TooManyRequestsError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { containsUsername, hasPassword, hashPassword, verifyPassword } from '../../lib/password';
import type { LoginLimiter } from '../auth/login-limiter';
import { endSessionsOf } from '../auth/auth.service';
import { writeAudit } from '../audit/audit.service';
import { findPasswordHashes, updateAccount } from './account.repository';

export interface PasswordChange {
  current: string;
  next: string;
  /** The address the request came from: guesses of the current password are limited like sign-ins. */
  ip: string;
  /** This browser's session stays signed in; every other one ends. */
  keepSid: string;
  requestId?: string;
}

/**
 * Changing the password ends the user's other sign-ins (a stolen session dies with it). The
 * current password is a password guess like a sign-in (a stolen session could otherwise try
 * passwords here without limit), so it goes through the same limiter. The new password must
 * differ from the current one and from the temporary one an admin saw, and must not contain
 * the username. An account without a password (made by single sign-on) sets its first one
 * without a current password: its owner is signed in, which is all a current password proves.
 */
export async function changePassword(db: Kysely<Database>, limiter: LoginLimiter, user: CurrentUser, change: PasswordChange): Promise<void> {
  const row = await findPasswordHashes(db, user.id);
  if (hasPassword(row.password_hash)) await checkCurrent(limiter, user, change, row.password_hash);
  const problem = await newPasswordProblem(change.next, { username: user.username, current: change.current, temporaryHash: row.temp_password_hash });
  if (problem) throw new ValidationError({ password: problem });
  const password_hash = await hashPassword(change.next);
  await db.transaction().execute(async (trx) => {
    await updateAccount(trx, user.id, { password_hash, must_change_password: 0, password_changed_at: nowIso(), updated_at: nowIso() });
    await writeAudit(trx, { user, requestId: change.requestId }, { entity: 'user', entityId: user.id, action: 'password_change' });
    await endSessionsOf(trx, user.id, change.keepSid);
  });
}

/** Whether the account has a password yet (the account page asks for the current one only then). */
export async function accountHasPassword(db: Kysely<Database>, userId: number): Promise<boolean> {
  return hasPassword((await findPasswordHashes(db, userId)).password_hash);
}

async function checkCurrent(limiter: LoginLimiter, user: CurrentUser, change: PasswordChange, hash: string): Promise<void> {
  const wait = await limiter.reserve(change.ip, user.username);
  if (wait > 0) throw new TooManyRequestsError(wait, 'account.too_many');
  if (!(await verifyPassword(hash, change.current))) {
    throw new ValidationError({ current: 'account.current_wrong' });
  }
  await limiter.succeed(change.ip, user.username);
}

/** The i18n key of what is wrong with a new password given the account's own, or null. */
export async function newPasswordProblem(
  next: string,
  account: { username: string; current: string; temporaryHash: string | null },
): Promise<string | null> {
  if (next === account.current) return 'account.password_same';
  if (containsUsername(next, account.username)) return 'validation.password_username';
  if (account.temporaryHash && (await verifyPassword(account.temporaryHash, next))) return 'account.password_temporary';
  return null;
}

export async function setLanguage(db: Kysely<Database>, userId: number, language: 'id' | 'en'): Promise<void> {
  await updateAccount(db, userId, { language, updated_at: nowIso() });
}
