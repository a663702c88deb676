/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * The argon2 hash of the last temporary password an admin created or reset for a user. The
 * admin saw that password, so the user may not pick it as their own later; the hash lets the
 * account page compare without keeping the password itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('temp_password_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('temp_password_hash').execute();
}
