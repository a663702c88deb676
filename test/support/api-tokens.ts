import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../src/db/database';
import type { CurrentUser } from '../../src/http/types';
import { makeUser } from './factories';

/*
 * API tokens for the API tests. STOPGAP until the tokens feature lands: a sha256 hash in
 * api_tokens and an authenticate() that reads it. The real one replaces both.
 */
export async function makeToken(db: Kysely<Database>, o: { role: Role; opdId?: number | null; revoked?: boolean }): Promise<string> {
  const creator = await makeUser(db, { role: 'admin' });
  const token = `ikr_${crypto.randomBytes(24).toString('hex')}`;
  await db
    .insertInto('api_tokens')
    .values({
      name: `mesin-${o.role}-${crypto.randomBytes(2).toString('hex')}`,
      token_hash: crypto.createHash('sha256').update(token).digest('hex'),
      token_prefix: token.slice(0, 8),
      role: o.role,
      opd_id: o.opdId ?? null,
      created_by: creator.id,
      created_at: '2026-11-01T00:00:00.000Z',
      last_used_at: null,
      revoked_at: o.revoked ? '2026-11-02T00:00:00.000Z' : null,
    })
    .execute();
  return token;
}

export async function stubAuthenticate(db: Kysely<Database>, header: string): Promise<CurrentUser | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) return null;
  const row = await db
    .selectFrom('api_tokens as t')
    .leftJoin('opds as o', 'o.id', 't.opd_id')
    .select(['t.id', 't.name', 't.role', 't.opd_id', 't.created_by', 't.revoked_at', 'o.code'])
    .where('t.token_hash', '=', crypto.createHash('sha256').update(m[1]).digest('hex'))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  return { id: row.created_by!, username: row.name, displayName: row.name, role: row.role, opdId: row.opd_id, opdCode: row.code, language: null, mustChangePassword: false, via: 'token' };
}
