import type { Request } from 'express';
import multer from 'multer';
import { bounded } from '../../http/body-limit';
import { drainingStorage, sniffImage, type PhotoFile } from '../sessions/photo';

/*
 * The letter behind a request: a photo (JPEG, PNG, WebP) or a PDF up to 5 MB, its type decided
 * by the first bytes, never by the name or the browser's claim. A larger file is drained and
 * marked, like the session photo, so the form comes back with a message beside the field; a
 * body far larger than any real form is refused (413) before it is read.
 */
const HARD_LIMIT = 15 * 1024 * 1024;
/** The file plus a handful of short text fields (kind, dates, reason, letter number, token). */
export const REQUEST_FORM_MAX_BYTES = HARD_LIMIT + 64 * 1024;

export const requestFormUpload = bounded(
  REQUEST_FORM_MAX_BYTES,
  multer({ storage: drainingStorage, limits: { fileSize: HARD_LIMIT, files: 1, fields: 20, parts: 21, fieldSize: 8 * 1024 } }).single('letter'),
);

export interface Letter {
  buffer: Buffer;
  mime: string;
  size: number;
}

const isPdf = (b: Buffer) => b.length > 5 && b.toString('latin1', 0, 5) === '%PDF-';

/** The mime type of a letter's bytes, or null when it is neither a photo nor a PDF. */
export function sniffLetter(buffer: Buffer): string | null {
  if (isPdf(buffer)) return 'application/pdf';
  return sniffImage(buffer)?.mime ?? null;
}

/** The letter sent with the form, or the i18n key of what is wrong with it. */
export function receivedLetter(req: Request): { letter: Letter } | { problem: string } {
  const file = req.file as PhotoFile | undefined;
  if (!file || file.size === 0) return { problem: 'requests.errors.letter_missing' };
  if (file.tooBig) return { problem: 'requests.errors.letter_too_big' };
  const mime = file.buffer && sniffLetter(file.buffer);
  if (!mime) return { problem: 'requests.errors.letter_type' };
  return { letter: { buffer: file.buffer!, mime, size: file.size } };
}
