import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../../src/db/database';
import { createToken, revokeToken } from '../../src/features/tokens/tokens.service';
import { makeUser } from './factories';

/** A real API token (the tokens feature's own service), made by a fresh admin; returns the secret. */
export async function makeToken(db: Kysely<Database>, o: { role: StaffRole; opdId?: number | null; revoked?: boolean }): Promise<string> {
  const admin = await makeUser(db, { role: 'admin' });
  const actor = { user: { id: admin.id, username: admin.username, via: 'session' as const } };
  const name = `mesin-${o.role}-${crypto.randomBytes(3).toString('hex')}`;
  const { id, token } = await createToken(db, actor, { name, role: o.role, opd_id: o.opdId ?? null });
  if (o.revoked) await revokeToken(db, actor, id);
  return token;
}
