import type { Db } from '../../db/connect';
import type { ApiToken } from '../../db/database';

export type TokenRow = Omit<ApiToken, 'token_hash'> & { opd_code: string | null; created_by_username: string | null };

/** Every token, newest first, without its hash (there are dozens, not thousands). */
export function findTokens(db: Db): Promise<TokenRow[]> {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('opds as o', 'o.id', 't.opd_id')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.token_prefix',
      't.role',
      't.opd_id',
      't.created_by',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      'o.code as opd_code',
      'u.username as created_by_username',
    ])
    .orderBy('t.revoked_at', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

export function findTokenById(db: Db, id: number) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertToken(db: Db, row: Omit<ApiToken, 'id' | 'last_used_at' | 'revoked_at'>): Promise<number> {
  const { id } = await db
    .insertInto('api_tokens')
    .values({ ...row, last_used_at: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function revokeTokenRow(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A live token by its hash (the unique index), with its OPD's code. */
export function findLiveTokenByHash(db: Db, hash: string) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('opds as o', 'o.id', 't.opd_id')
    .select(['t.id', 't.name', 't.role', 't.opd_id', 'o.code as opd_code', 't.created_by', 't.last_used_at'])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Records a use, at most once a minute per token, so busy clients do not write on every call. */
export async function touchToken(db: Db, id: number, now: string, notAfter: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notAfter)]))
    .execute();
}
