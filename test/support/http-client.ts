import http from 'node:http';
import https from 'node:https';

export interface Answer {
  status: number;
  location: string | null;
  text: string;
  /** The body as sent (a photo, a download). */
  body: Buffer;
  /** The Set-Cookie lines, attributes included. */
  setCookies: string[];
  headers: http.IncomingHttpHeaders;
}

/**
 * A tiny browser stand-in for tests against a real server process: keeps the session
 * cookie, reads CSRF tokens from pages, posts forms (urlencoded or multipart). One connection
 * per request, so a keep-alive socket the server is closing can never swallow a request.
 * An https base (the cluster test's nginx) is verified against `ca`.
 */
export class Client {
  private cookie = '';
  /** Sent with every request (a header a client might forge). */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly base: string,
    private readonly ca?: Buffer,
  ) {}

  /** The same signed-in browser talking to another address (another instance of the app). */
  at(base: string, ca = this.ca): Client {
    const other = new Client(base, ca);
    other.cookie = this.cookie;
    return other;
  }

  private send(method: string, path: string, body?: { type: string; data: Buffer }) {
    return new Promise<Answer>((resolve, reject) => {
      const req = (this.base.startsWith('https:') ? https : http).request(this.base + path, {
        method,
        agent: false,
        ca: this.ca,
        headers: {
          ...this.headers,
          cookie: this.cookie,
          ...(body ? { 'content-type': body.type, 'content-length': body.data.length } : {}),
        },
      });
      req.on('response', (res) => {
        const set = res.headers['set-cookie']?.join(';');
        const m = set && /ikrar\.sid=[^;]+/.exec(set);
        if (m) this.cookie = m[0];
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, text: all.toString('utf8'), body: all, setCookies: res.headers['set-cookie'] ?? [], headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body?.data);
    });
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path);
  }

  async post(path: string, fields: Record<string, string>, multipart = false): Promise<Answer> {
    if (!multipart) {
      const data = Buffer.from(new URLSearchParams(fields).toString());
      return this.send('POST', path, { type: 'application/x-www-form-urlencoded', data });
    }
    const boundary = `----ikrar${Date.now().toString(16)}`;
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const data = Buffer.from(`${parts.join('')}--${boundary}--\r\n`);
    return this.send('POST', path, { type: `multipart/form-data; boundary=${boundary}`, data });
  }

  /** A multipart form with one file, as a browser sends an upload; the page comes back too. */
  upload(path: string, fields: Record<string, string>, file: { field: string; name: string; data: Buffer }) {
    const boundary = `----ikrar${Date.now().toString(16)}`;
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const data = Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return this.send('POST', path, { type: `multipart/form-data; boundary=${boundary}`, data });
  }

  async signIn(username: string, password: string): Promise<void> {
    const page = await this.get('/login');
    const res = await this.post('/login', { username, password, _csrf: csrfIn(page.text) });
    if (res.status !== 302) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  }
}

export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
}
