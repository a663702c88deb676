import type { Request } from 'express';
import type { Flash } from './types';

/** A one-time message shown on the next page (POST-redirect-GET). `message` is an i18n key. */
export function flash(req: Request, kind: Flash['kind'], message: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

export function takeFlash(req: Request): Flash[] {
  const messages = req.session?.flash ?? [];
  if (messages.length) req.session.flash = [];
  return messages;
}
