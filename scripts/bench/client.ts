import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

/** One timed HTTP exchange: time to the first byte of the response, to its last, and the body. */
export interface Timed {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, un-gzipped after the clock stopped. */
  body: Buffer;
  /** Bytes on the wire. */
  bytes: number;
  ttfbMs: number;
  totalMs: number;
}

// A new connection per request: on 127.0.0.1 it costs a fraction of a millisecond, and a kept-alive
// socket that the server closed while a load test ran would fail the next request (ECONNRESET).
const agent = new http.Agent({ keepAlive: false });

export type FormFields = Record<string, string> | [string, string][];

/**
 * A signed-in browser: keeps the session cookie, asks for gzip as browsers do, and times each
 * request from the first byte sent to the last byte received (redirects are not followed).
 */
export class Client {
  private cookies = new Map<string, string>();
  private readonly agent: http.Agent;

  /**
   * `headers` go with every request (a phone's own address behind the proxy, X-Forwarded-For).
   * An https `base` is nginx in front of the instances: `ca` is its self-signed certificate.
   */
  constructor(
    readonly base: string,
    private readonly headers: http.OutgoingHttpHeaders = {},
    ca?: Buffer,
  ) {
    this.agent = base.startsWith('https:') ? new https.Agent({ keepAlive: false, ca }) : agent;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async signIn(username: string, password: string): Promise<void> {
    const page = await this.get('/login');
    const res = await this.postForm('/login', { username, password, _csrf: csrfOf(page.body.toString()) });
    if (res.status !== 302 || /\/login/.test(String(res.headers.location))) {
      throw new Error(`sign-in as ${username} failed: ${res.status} ${res.headers.location ?? ''}`);
    }
  }

  get(path: string): Promise<Timed> {
    return this.send('GET', path);
  }

  postForm(path: string, fields: FormFields): Promise<Timed> {
    const body = Buffer.from(new URLSearchParams(fields).toString());
    return this.send('POST', path, body, 'application/x-www-form-urlencoded');
  }

  /** multipart/form-data as a browser sends a form with a file input. */
  postMultipart(path: string, fields: FormFields, file?: { field: string; name: string; type: string; data: Buffer }): Promise<Timed> {
    const boundary = `----ikrarbench${crypto.randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
      parts.push(file.data, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.send('POST', path, Buffer.concat(parts), `multipart/form-data; boundary=${boundary}`);
  }

  /** Sends one request; `onChunk` sees the raw bytes as they arrive (used to sample memory). */
  send(method: string, path: string, body?: Buffer, type?: string, onChunk?: (n: number) => void): Promise<Timed> {
    const headers: http.OutgoingHttpHeaders = { 'accept-encoding': 'gzip', accept: 'text/html,*/*', ...this.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (body) Object.assign(headers, { 'content-type': type, 'content-length': body.length });
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const request = this.base.startsWith('https:') ? https.request : http.request;
      const req = request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const ttfbMs = performance.now() - t0;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          onChunk?.(c.length);
        });
        res.on('error', reject);
        res.on('end', () => {
          const totalMs = performance.now() - t0;
          this.keepCookies(res.headers['set-cookie']);
          const raw = Buffer.concat(chunks);
          const decoded = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decoded, bytes: raw.length, ttfbMs, totalMs });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  private keepCookies(setCookie: string[] | undefined) {
    for (const c of setCookie ?? []) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/**
 * The fields of one form as a browser sends them: inputs (checked radios and checkboxes only,
 * no file inputs) and each select's selected option, in document order.
 */
export function formFields(html: string, formMarker: string): [string, string][] {
  const start = html.indexOf(formMarker);
  if (start < 0) throw new Error(`no form ${formMarker} on the page`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const out: [string, string][] = [];
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const tags = /<(input|select|textarea)\b([^>]*)>/g;
  for (let m = tags.exec(body); m; m = tags.exec(body)) {
    const [, kind, attrs] = m;
    const name = attr(attrs, 'name');
    const close = kind === 'input' ? -1 : body.indexOf(`</${kind}>`, tags.lastIndex);
    const inner = close < 0 ? '' : body.slice(tags.lastIndex, close);
    if (close >= 0) tags.lastIndex = close;
    if (!name || /\bdisabled\b/.test(attrs)) continue;
    if (kind === 'input') {
      const type = attr(attrs, 'type') ?? 'text';
      if (type === 'file' || type === 'submit' || ((type === 'radio' || type === 'checkbox') && !/\bchecked\b/.test(attrs))) continue;
      out.push([name, decode(attr(attrs, 'value') ?? (type === 'checkbox' ? 'on' : ''))]);
    } else if (kind === 'select') {
      const opts = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/g)].map((o) => ({ selected: /\bselected\b/.test(o[1]), value: attr(o[1], 'value') ?? o[2] }));
      out.push([name, decode((opts.find((o) => o.selected) ?? opts[0])?.value ?? '')]);
    } else {
      out.push([name, decode(inner)]);
    }
  }
  return out;
}

/**
 * The ids of the whole roll-call from the page's embedded `<script type="application/json"
 * id="rc-data">` (rows `[id, name, nip, value, note, attention]`), when the page carries one:
 * the page itself then holds only one page of rows. null when there is none.
 */
export function rollCallIds(html: string): number[] | null {
  const m = /<script\b[^>]*\bid="rc-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!m) return null;
  const data = JSON.parse(m[1]) as { rows?: unknown };
  if (!Array.isArray(data.rows)) throw new Error('rc-data without rows');
  return data.rows.map((r) => Number((r as unknown[])[0]));
}

/**
 * The form's fields with `changes` statuses set to S or TK, the rows picked by `round` so each
 * save changes other rows. With the ids of the whole roll-call (rc-data) the rows come from the
 * whole unit and a row not on the page is added as a field (the server keeps the rows not sent);
 * without them, from the `status[…]` fields on the page.
 */
export function withChanges(fields: readonly [string, string][], ids: readonly number[] | null, round: number, changes: number): [string, string][] {
  const out = fields.map(([k, v]): [string, string] => [k, v]);
  const names = ids ? ids.map((id) => `status[${id}]`) : out.filter(([k]) => k.startsWith('status[')).map(([k]) => k);
  const at = new Map(out.map(([k], n) => [k, n]));
  for (let j = 0; j < changes && j < names.length; j++) {
    const name = names[(Math.abs(round) * 37 + j * 13) % names.length];
    const value = (round + j) % 2 ? 'S' : 'TK';
    const n = at.get(name);
    if (n === undefined) {
      at.set(name, out.length);
      out.push([name, value]);
    } else {
      out[n][1] = value;
    }
  }
  return out;
}

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
}
