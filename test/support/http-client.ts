/**
 * A tiny browser stand-in for tests against a real server process: keeps the session
 * cookie, reads CSRF tokens from pages, posts forms (urlencoded or multipart).
 */
export class Client {
  private cookie = '';

  constructor(readonly base: string) {}

  private remember(res: Response): void {
    const set = res.headers.get('set-cookie');
    const m = set && /ikrar\.sid=[^;]+/.exec(set);
    if (m) this.cookie = m[0];
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.remember(res);
    return { status: res.status, text: await res.text() };
  }

  async post(path: string, fields: Record<string, string>, multipart = false): Promise<{ status: number; location: string | null }> {
    let body: FormData | URLSearchParams;
    if (multipart) {
      body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
    } else body = new URLSearchParams(fields);
    const res = await fetch(this.base + path, { method: 'POST', body, headers: { cookie: this.cookie }, redirect: 'manual' });
    this.remember(res);
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('location') };
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
