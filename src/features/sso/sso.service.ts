import type { Kysely } from 'kysely';
import type { OidcConfig } from '../../config';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/unique-violation';
import { isActiveOn, localToday } from '../../lib/calendar';
import { normalizeNip } from '../../lib/nip';
import { NO_PASSWORD } from '../../lib/password';
import { touchLastLogin } from '../auth/auth.repository';
import { createEmployeeAccount } from '../activation/employee-account';
import { findEmployeeByNip } from './sso.repository';

/** Why a single sign-on does not sign anyone in: an i18n key under `sso.`. */
export class SsoRefusal extends Error {
  constructor(readonly reason: 'no_nip' | 'unknown' | 'disabled' | 'taken') {
    super(`sso.${reason}`);
  }
}

/**
 * The NIP the provider vouches for: the configured claim, or preferred_username when the
 * setting allows it. Only a string counts: an 18-digit NIP sent as a JSON number has already
 * lost its last digits to floating point and would match someone else.
 */
export function nipOf(claims: Record<string, unknown>, cfg: Pick<OidcConfig, 'nipClaim' | 'nipFromUsername'>): string | null {
  const raw = claims[cfg.nipClaim] ?? (cfg.nipFromUsername ? claims.preferred_username : undefined);
  if (typeof raw !== 'string') return null;
  const nip = normalizeNip(raw).toUpperCase();
  return nip.length > 0 && nip.length <= 40 ? nip : null;
}

/**
 * The pegawai account of the employee with this NIP, made at their first single sign-on: role
 * pegawai, username the NIP (as activation names it), and no password (NO_PASSWORD) until they
 * set one on the account page. Only an employee in service today gets in; an unknown NIP
 * creates nothing. Staff accounts never sign in this way: only an employee's own account is
 * found or made. Returns the account to sign in.
 */
export async function ssoAccount(
  db: Kysely<Database>,
  nip: string,
  ctx: { zone: string; requestId?: string },
): Promise<{ userId: number; employeeId: number }> {
  const found = await findEmployeeByNip(db, nip);
  if (!found || !isActiveOn(found, localToday(ctx.zone))) throw new SsoRefusal('unknown');
  if (found.user_id !== null) {
    if (found.user_active !== 1) throw new SsoRefusal('disabled');
    await touchLastLogin(db, found.user_id);
    return { userId: found.user_id, employeeId: found.id };
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const userId = await createEmployeeAccount(trx, found, { passwordHash: NO_PASSWORD, passwordSet: false, action: 'sso_create', requestId: ctx.requestId });
      return { userId, employeeId: found.id };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A second sign-in of the same person a moment earlier made the account: use it.
    const again = await findEmployeeByNip(db, nip);
    if (again?.user_id != null && again.user_active === 1) return { userId: again.user_id, employeeId: again.id };
    // Otherwise a staff account is already named like this NIP.
    throw new SsoRefusal('taken');
  }
}
