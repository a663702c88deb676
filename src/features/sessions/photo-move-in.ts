import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../../db/connect';
import { databaseFileStore } from '../files/file-store';
import { sniffImage } from './photo';
import { clearLegacyPhoto, legacyPhotoRows, pointAtFile } from './sessions.repository';

/*
 * Before 0.2.0 a session photo was a file under DATA_DIR/photos named by sessions.photo_path.
 * A migration sees only the database, so this start-up step (src/startup.ts, under the start-up
 * lock) moves each such file into the file store: store the bytes, point the row at them and
 * forget the name in one transaction, then delete the disk file. A row is done once: a second
 * start finds nothing to move. A crash between the commit and the delete leaves only a stray file.
 * A file that is gone is logged (once: the row forgets the name) and the session has no photo;
 * a file that cannot be read for another reason (permissions, a disk not mounted yet) is logged
 * and left for the next start. So is every row when there is no photos folder at all: that is an
 * instance started with another DATA_DIR (a new machine, a volume not mounted), not lost photos;
 * the instance that has the folder moves them. Nothing here stops the start.
 */
export async function movePhotosIn(db: Db, dataDir: string, logger: Logger): Promise<{ moved: number; missing: number; failed: number }> {
  const counts = { moved: 0, missing: 0, failed: 0 };
  const rows = await legacyPhotoRows(db);
  if (!rows.length) return counts;
  const folder = path.join(dataDir, 'photos');
  if (!(await fs.stat(folder).then((s) => s.isDirectory()).catch(() => false))) {
    logger.warn({ sessions: rows.length, folder }, 'session photos to move into the database, but this DATA_DIR has no photos folder: left for a start that has it');
    return { ...counts, failed: rows.length };
  }
  // One row at a time: a photo is up to 5 MB, and there may be thousands.
  for (const row of rows) {
    const file = path.join(folder, path.basename(row.photo_path));
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        logger.warn({ sessionId: row.id, photo: row.photo_path }, 'session photo file missing: the session now has no photo');
        await clearLegacyPhoto(db, row.id, row.photo_path);
        counts.missing++;
      } else {
        logger.error({ sessionId: row.id, photo: row.photo_path, err }, 'session photo file could not be read: left for the next start');
        counts.failed++;
      }
      continue;
    }
    const mime = row.photo_mime ?? sniffImage(bytes)?.mime ?? 'application/octet-stream';
    await db.transaction().execute(async (trx) => {
      const id = await databaseFileStore(trx).put('session_photo', mime, bytes);
      await pointAtFile(trx, row.id, row.photo_path, id);
    });
    await fs.rm(file, { force: true }).catch((err) => logger.warn({ photo: row.photo_path, err }, 'moved session photo file not deleted'));
    counts.moved++;
  }
  if (counts.moved || counts.missing || counts.failed) logger.info(counts, 'session photos moved into the database');
  return counts;
}
