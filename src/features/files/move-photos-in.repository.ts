import type { Db } from '../../db/connect';

/* The SQL of move-photos-in.ts. */

/** Sessions still naming a file under DATA_DIR/photos. */
export async function legacyPhotoRows(db: Db): Promise<{ id: number; photo_path: string; photo_mime: string | null }[]> {
  const rows = await db.selectFrom('sessions').select(['id', 'photo_path', 'photo_mime']).where('photo_path', 'is not', null).orderBy('id').execute();
  return rows.map((r) => ({ ...r, photo_path: r.photo_path! }));
}

/** The row shows the stored file and forgets the disk name; only if it still names that file. */
export async function pointAtFile(db: Db, sessionId: number, name: string, fileId: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ photo_file_id: fileId, photo_path: null, photo_mime: null })
    .where('id', '=', sessionId)
    .where('photo_path', '=', name)
    .execute();
}

export async function clearLegacyPhoto(db: Db, sessionId: number, name: string): Promise<void> {
  await db.updateTable('sessions').set({ photo_path: null, photo_mime: null }).where('id', '=', sessionId).where('photo_path', '=', name).execute();
}
