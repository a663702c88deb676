import type { Request } from 'express';
import multer, { type StorageEngine } from 'multer';
import { bounded } from '../../http/body-limit';

/*
 * Optional photo evidence of an apel (docs/DESIGN.md, "Sessions and the roll-call" and "Qualities"): JPEG, PNG or WebP up to 5 MB, the type
 * decided by the file's first bytes, not by its name or the browser's claim. An oversize or
 * non-image file does not abort the upload: the storage engine drains it and marks it, so the
 * rest of the form still arrives and is shown again with a message beside the photo field.
 */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/* Beyond this the request itself is refused (413): nobody's phone photo is 25 MB. */
const HARD_LIMIT = 25 * 1024 * 1024;

export interface UploadedPhoto {
  buffer: Buffer | null;
  size: number;
  tooBig: boolean;
}

export type PhotoFile = Express.Multer.File & UploadedPhoto;

/** Keeps a file up to PHOTO_MAX_BYTES in memory and drains (and marks) a larger one. */
export const drainingStorage: StorageEngine = {
  _handleFile(_req, file, cb) {
    const chunks: Buffer[] = [];
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= PHOTO_MAX_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    file.stream.on('error', cb);
    file.stream.on('end', () => {
      const tooBig = size > PHOTO_MAX_BYTES;
      cb(null, { buffer: tooBig ? null : Buffer.concat(chunks), size, tooBig } as Partial<Express.Multer.File>);
    });
  },
  _removeFile(_req, _file, cb) {
    cb(null);
  },
};

/*
 * The largest real session form: the roll-call of a unit of ROLL_CALL_MAX people (the biggest
 * unit has about 3,000), each with a status and a note of up to 200 characters; a part with
 * its headers and a note in a four-byte script is under 1 KB. The longest single field is the
 * 1,000-character session note. Anything larger is refused (413) before it is read.
 */
const ROLL_CALL_MAX = 4000;
const FORM_FIELDS = 2 * ROLL_CALL_MAX + 50;
const FORM_BYTES = ROLL_CALL_MAX * 1024 + 64 * 1024;
export const SESSION_FORM_MAX_BYTES = HARD_LIMIT + FORM_BYTES;

/** The session form: every roll-call field plus one optional `photo` file. */
export const sessionFormUpload = bounded(
  SESSION_FORM_MAX_BYTES,
  multer({
    storage: drainingStorage,
    limits: { fileSize: HARD_LIMIT, files: 1, fields: FORM_FIELDS, parts: FORM_FIELDS + 1, fieldSize: 8 * 1024, fieldArrayIndexLimit: 100_000_000 },
  }).single('photo'),
);

export function uploadedPhoto(req: Request): UploadedPhoto | null {
  const file = req.file as PhotoFile | undefined;
  return file && file.size > 0 ? file : null;
}

const SIGNATURES: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
];

export function sniffImage(buffer: Buffer): { mime: string; ext: string } | null {
  return SIGNATURES.find((s) => s.test(buffer)) ?? null;
}

/** The i18n key of what is wrong with a photo, or null when it can be stored. */
export function photoProblem(photo: UploadedPhoto): string | null {
  if (photo.tooBig) return 'sessions.errors.photo_too_big';
  if (!photo.buffer || !sniffImage(photo.buffer)) return 'sessions.errors.photo_type';
  return null;
}

/** What saveSession stores for a photo photoProblem found nothing wrong with. */
export function photoToStore(photo: UploadedPhoto): { mime: string; bytes: Buffer } {
  return { mime: sniffImage(photo.buffer!)!.mime, bytes: photo.buffer! };
}
