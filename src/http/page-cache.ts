import type { Request, Response } from 'express';
import { deflatePart, gzipAround, type DeflatedPart } from '../lib/gzip-splice';

/** A rendered page body (the view without the layout), with its deflate stream. */
export interface CachedBody {
  html: string;
  part: DeflatedPart;
}

/**
 * Rendered page bodies shared by every user, for pages that are costly to build and the same
 * for all readers (the Sekda dashboard). The caller's key must name everything the body
 * depends on, a data version included; `ttlMs` bounds what the key cannot name (the clock:
 * "overdue by 3 hours"). Concurrent misses of one key wait for a single render.
 */
export class PageCache {
  private readonly entries = new Map<string, { at: number; body: Promise<CachedBody> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, render: () => Promise<string>): Promise<CachedBody> {
    const now = Date.now();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && now - hit.at < this.ttlMs) {
      this.entries.set(key, hit); // most recently used last
      return hit.body;
    }
    const body = render().then((html) => ({ html, part: deflatePart(Buffer.from(html)) }));
    this.entries.set(key, { at: now, body });
    body.catch(() => this.entries.get(key)?.body === body && this.entries.delete(key));
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return body;
  }
}

/** Renders a view without the layout, for PageCache. */
export function renderBody(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, { ...locals, layout: false }, (err, html) => (err ? reject(err) : resolve(html))));
}

const MARK = '<!--ikrar:cached-body-->';

/**
 * Sends a cached body inside the layout rendered for this request (header, CSRF token, flash).
 * Browsers get gzip: only the layout's head and tail are compressed per request.
 */
export function sendInLayout(req: Request, res: Response, body: CachedBody, locals: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) =>
    res.render('cached', { ...locals, cachedBody: MARK }, (err, page) => {
      if (err) return reject(err);
      const at = page.indexOf(MARK);
      const head = page.slice(0, at);
      const tail = page.slice(at + MARK.length);
      res.type('html').vary('Accept-Encoding');
      if (req.acceptsEncodings('gzip')) {
        const gz = gzipAround(head, body.part, tail);
        // The gzip trailer (CRC-32 and length of the page) is an ETag already; Express would hash the body.
        res.set({ 'Content-Encoding': 'gzip', ETag: `W/"${gz.subarray(-8).toString('hex')}"` }).send(gz);
      } else res.send(head + body.html + tail);
      resolve();
    }),
  );
}
