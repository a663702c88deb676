/**
 * A browser stand-in that visits more than one site (the app and an OpenID provider): a cookie
 * jar per origin (names and values; paths and expiry beyond deletion are ignored, which is
 * enough for two test servers) and redirects followed by hand, so a test can stop at any hop.
 */
export interface Page {
  status: number;
  url: string;
  text: string;
  /** Where a redirect pointed, when following stopped there (see `stopAt`). */
  stoppedAt?: string;
}

export class CookieBrowser {
  private jars = new Map<string, Map<string, string>>();

  /** One request, no redirect followed. */
  async request(url: string, form?: Record<string, string>): Promise<{ status: number; location?: string; text: string }> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, url).href : undefined, text: await res.text() };
  }

  /** Visits `url` (posting `form`) and follows redirects, stopping before any address `stopAt` accepts. */
  async visit(url: string, opts: { form?: Record<string, string>; stopAt?: (url: URL) => boolean } = {}): Promise<Page> {
    let res = await this.request(url, opts.form);
    let at = url;
    for (let hops = 0; res.location && hops < 20; hops++) {
      if (opts.stopAt?.(new URL(res.location))) return { status: res.status, url: at, text: res.text, stoppedAt: res.location };
      at = res.location;
      res = await this.request(at);
    }
    return { status: res.status, url: at, text: res.text };
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

/** The first form of a page: its absolute action and its fields with their values. */
export function formOf(page: Page): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.text);
  if (!form) throw new Error(`no form at ${page.url} (${page.status}):\n${page.text.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return { action: new URL(form[1].replace(/&amp;/g, '&'), page.url).href, fields };
}
