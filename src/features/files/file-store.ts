import crypto from 'node:crypto';
import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import * as repo from './files.repository';

/*
 * Where uploaded files live. The one implementation keeps the bytes in the database (the files
 * table): any instance behind the load balancer serves any file, nothing has to be shared between
 * machines but the database, and a backup of the database (scripts/backup.ts, pg_dump) holds
 * them. Files here are small (a photo is at most 5 MB), so a file is read and written whole.
 *
 * A store is made for a connection or a transaction: put inside the transaction that points a
 * row at the file, and a refused save leaves no file behind.
 */

/** What a file is for, kept beside it so an admin can tell the rows apart. */
export type FileKind = 'session_photo';

export interface FileInfo {
  id: number;
  kind: string;
  mime: string;
  size: number;
  /** Hex SHA-256 of the bytes: a strong ETag. */
  sha256: string;
}

export interface FileStore {
  put(kind: FileKind, mime: string, bytes: Buffer): Promise<number>;
  /** Without the bytes (a conditional GET needs only the digest). */
  info(id: number): Promise<FileInfo | undefined>;
  get(id: number): Promise<(FileInfo & { bytes: Buffer }) | undefined>;
  delete(id: number): Promise<void>;
}

export function databaseFileStore(db: Db): FileStore {
  return {
    put: (kind, mime, bytes) =>
      repo.insertFile(db, { kind, mime, size: bytes.length, sha256: sha256(bytes), data: bytes, created_at: nowIso() }),
    info: (id) => repo.findFileInfo(db, id),
    async get(id) {
      const row = await repo.findFile(db, id);
      if (!row) return undefined;
      const { data, ...info } = row;
      // PostgreSQL's bytea and SQLite's BLOB both arrive as a Buffer.
      return { ...info, bytes: Buffer.isBuffer(data) ? data : Buffer.from(data) };
    },
    delete: (id) => repo.deleteFile(db, id),
  };
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
