import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { limitBody } from '../../http/body-limit';

export const MAX_UPLOAD_MB = 25;

const single = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 10, parts: 11, fieldSize: 10_000 },
}).single('file');
/* A file a little over the limit gets the message on the form; a body far over it is not read. */
export const uploadBodyLimit = limitBody((MAX_UPLOAD_MB + 1) * 1024 * 1024);

/**
 * multer in memory (25 MB holds a 63,000-row export several times over). An upload it refuses
 * becomes res.locals.uploadError, an i18n key the form shows, rather than an error page.
 */
export function receiveUpload(req: Request, res: Response, next: NextFunction) {
  single(req, res, (err: unknown) => {
    if (err) {
      const code = (err as { code?: string }).code;
      res.locals.uploadError = code === 'LIMIT_FILE_SIZE' ? 'imports.errors.too_large' : 'imports.errors.bad_upload';
    }
    next();
  });
}
