import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { needsUnit } from '../../policy';
import { findLiveTokenByHash, touchToken } from './tokens.repository';
import { hashToken, TOKEN_PATTERN } from './token-secret';

/**
 * The API's sign-in: "Authorization: Bearer ikr_…" to the token's scope, or null (missing,
 * malformed, unknown or revoked). The user is the token: its role and OPD; `id` is the admin
 * who created it (a real account, for columns that reference users; 0 for a token inserted
 * without a creator), and audit rows name the token as "token:<name>".
 */
export async function authenticateToken(db: Db, authorizationHeader: string | undefined | null): Promise<CurrentUser | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? '');
  if (!match || !TOKEN_PATTERN.test(match[1])) return null;
  const row = await findLiveTokenByHash(db, hashToken(match[1]));
  if (!row) return null;
  // A token of a role bound to one unit is unusable without one.
  if (needsUnit(row.role) && row.opd_id === null) return null;
  const now = DateTime.utc();
  const minuteAgo = now.minus({ minutes: 1 }).toISO()!;
  if (!row.last_used_at || row.last_used_at < minuteAgo) await touchToken(db, row.id, nowIso(), minuteAgo);
  return {
    id: row.created_by ?? 0,
    username: row.name,
    displayName: row.name,
    role: row.role,
    opdId: row.opd_id,
    opdCode: row.opd_code ?? null,
    language: null,
    mustChangePassword: false,
    via: 'token',
  };
}
