import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { hashPassword, verifyPassword } from '../../lib/password';
import { endSessionsOf } from '../auth/auth.service';
import { writeAudit } from '../audit/audit.service';

/** Changing the password ends the user's other sign-ins (a stolen session dies with it). */
export async function changePassword(
  db: Kysely<Database>,
  user: CurrentUser,
  current: string,
  next: string,
  keepSid: string,
  requestId?: string,
): Promise<void> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, current))) {
    throw new ValidationError({ current: 'account.current_wrong' });
  }
  const password_hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash, must_change_password: 0, password_changed_at: nowIso(), updated_at: nowIso() })
      .where('id', '=', user.id)
      .execute();
    await writeAudit(trx, { user, requestId }, { entity: 'user', entityId: user.id, action: 'password_change' });
    await endSessionsOf(trx, user.id, keepSid);
  });
}

export async function setLanguage(db: Kysely<Database>, userId: number, language: 'id' | 'en'): Promise<void> {
  await db.updateTable('users').set({ language, updated_at: nowIso() }).where('id', '=', userId).execute();
}
