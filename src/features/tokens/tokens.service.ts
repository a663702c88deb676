import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { nowIso } from '../../lib/clock';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { findOpdById } from '../opds/opds.repository';
import { findTokenById, insertToken, revokeTokenRow } from './tokens.repository';
import type { CreateTokenInput } from './tokens.schema';
import { newTokenSecret } from './token-secret';

type Actor = AuditActor & { user: { id: number; username: string; via: 'session' | 'token' } };

/** Creates a token and returns its secret: the only time anyone sees it. */
export async function createToken(db: Kysely<Database>, actor: Actor, input: CreateTokenInput): Promise<{ id: number; token: string }> {
  if (input.opd_id !== null && !(await findOpdById(db, input.opd_id))) throw new ValidationError({ opd_id: 'validation.invalid_choice' });
  const { token, hash, prefix } = newTokenSecret();
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertToken(trx, { ...input, token_hash: hash, token_prefix: prefix, created_by: actor.user.id, created_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'api_token', entityId: id, action: 'create', after: { ...input, token_prefix: prefix } });
    return id;
  });
  return { id, token };
}

export async function revokeToken(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  // Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
  const token = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await findTokenById(db, id) : undefined;
  if (!token) throw new NotFoundError();
  await db.transaction().execute(async (trx) => {
    if (await revokeTokenRow(trx, id, nowIso())) {
      await writeAudit(trx, actor, { entity: 'api_token', entityId: id, action: 'revoke', before: { name: token.name, token_prefix: token.token_prefix } });
    }
  });
}
