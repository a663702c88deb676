import type { Updateable } from 'kysely';
import type { Db } from '../../db/connect';
import type { UserTable } from '../../db/database';

export function findPasswordHashes(db: Db, userId: number) {
  return db.selectFrom('users').select(['password_hash', 'temp_password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The user's own changes to their account: password, language. */
export async function updateAccount(db: Db, userId: number, set: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}
