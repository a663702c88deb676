import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect';
import type { FileTable } from '../../db/database';

/* The SQL of the database file store (file-store.ts). */

export async function insertFile(db: Db, row: Insertable<FileTable>): Promise<number> {
  const { id } = await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** What is known of a file without its bytes: enough to answer a conditional GET with 304. */
export function findFileInfo(db: Db, id: number) {
  return db.selectFrom('files').select(['id', 'kind', 'mime', 'size', 'sha256']).where('id', '=', id).executeTakeFirst();
}

export function findFile(db: Db, id: number) {
  return db.selectFrom('files').select(['id', 'kind', 'mime', 'size', 'sha256', 'data']).where('id', '=', id).executeTakeFirst();
}

export async function deleteFile(db: Db, id: number): Promise<void> {
  await db.deleteFrom('files').where('id', '=', id).execute();
}
