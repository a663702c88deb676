/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * Stored files (src/features/files/file-store.ts): the bytes live in the database (BLOB on
 * SQLite, bytea on PostgreSQL), so every instance serves every file and a backup of the
 * database (SQLite's online copy, pg_dump) holds them. sha256 is the hex digest of the bytes, the
 * strong ETag a photo is served with.
 *
 * sessions.photo_file_id is the session's photo. The old photo_path (a file under DATA_DIR/photos)
 * stays only until the start-up step of src/features/sessions/photo-move-in.ts has moved each file
 * into this table: a migration sees the database, not DATA_DIR.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  await db.schema
    .createTable('files')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sessions').addColumn('photo_file_id', 'integer', (c) => c.references('files.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('photo_file_id').execute();
  await db.schema.dropTable('files').execute();
}
