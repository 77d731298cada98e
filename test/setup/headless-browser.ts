/**
 * Minimal headless "browser": fetch with manual redirects and a cookie jar.
 * Stops as soon as a redirect points at `stopAt` (the RP callback) and returns that URL.
 */
interface Cookie {
  name: string;
  value: string;
  path: string;
}

export class CookieJar {
  private cookies: Cookie[] = [];

  store(res: Response, requestUrl: URL): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = requestUrl.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const key = k.toLowerCase();
        if (key === 'path') path = v || '/';
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
      }
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      if (!expired) this.cookies.push({ name, value, path });
    }
  }

  header(url: URL): string {
    return this.cookies
      .filter(
        (c) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : c.path + '/'),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

export class HeadlessBrowser {
  readonly jar = new CookieJar();
  readonly visited: string[] = [];

  constructor(private readonly stopAt: string) {}

  /** GET/POST `url`, following redirects. Returns either the callback URL or the final HTML page. */
  async go(
    url: URL,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ callback: URL } | { page: URL; html: string; status: number }> {
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form
      ? new URLSearchParams(init.form).toString()
      : undefined;
    for (let hops = 0; hops < 20; hops++) {
      if (url.href.startsWith(this.stopAt)) return { callback: url };
      this.visited.push(`${method} ${url.href}`);
      const headers: Record<string, string> = { cookie: this.jar.header(url) };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(url, { method, headers, body, redirect: 'manual' });
      this.jar.store(res, url);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { page: url, html: await res.text(), status: res.status };
    }
    throw new Error('too many redirects');
  }

  /**
   * Full login: open authorization URL, expect the interaction form, submit it,
   * follow redirects until the RP callback. Returns the callback URL (code, state, iss).
   */
  async login(authUrl: URL, form: { accountId: string; acr: string }): Promise<URL> {
    const first = await this.go(authUrl);
    if ('callback' in first) return first.callback; // already logged in (SSO)
    if (first.status !== 200)
      throw new Error(`unexpected ${first.status} at ${first.page}: ${first.html}`);
    const action = first.html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`no login form at ${first.page}: ${first.html.slice(0, 500)}`);
    const done = await this.go(new URL(action.replace(/&amp;/g, '&'), first.page), {
      method: 'POST',
      form,
    });
    if ('callback' in done) return done.callback;
    throw new Error(
      `login did not reach callback; ended at ${done.page} (${done.status}): ${done.html.slice(0, 500)}`,
    );
  }
}
