// The production start test's visit (.ci/production.sh), as a browser would
// make it: the app running with NODE_ENV=production serves, offers only the
// real providers, and signs a citizen in through the stand-in for ID-porten and
// a staff member through the stand-in staff login, following every redirect
// with a cookie jar. Settings come from the environment:
//   APP_URL, IDPORTEN_ISSUER, STAFF_ISSUER, CITIZEN_NAME, CITIZEN_PID, STAFF_NAME
// NODE_EXTRA_CA_CERTS must trust the providers' certificate.
import { isIP } from 'node:net';
import { URLSearchParams } from 'node:url';

const env = (name) => process.env[name] ?? fail(`${name} is not set`);
const APP = env('APP_URL');
const IDPORTEN = env('IDPORTEN_ISSUER');
const STAFF = env('STAFF_ISSUER');

function fail(message) {
  console.error(`production check FAILED: ${message}`);
  process.exit(1);
}
function check(condition, message) {
  if (!condition) fail(message);
}

/**
 * Cookies as a browser keeps them: per host name (not port: the app and the
 * providers all live on 127.0.0.1), with Path, Max-Age and Expires. The app's
 * cookies are Secure, and PUBLIC_BASE_URL is http://127.0.0.1 here: browsers
 * keep and send Secure cookies on loopback addresses (a "potentially
 * trustworthy" origin) and so does this jar, but on no other http:// host.
 */
class CookieJar {
  cookies = [];

  store(url, response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const cookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        host: url.hostname,
        path: url.pathname.replace(/\/[^/]*$/, '') || '/',
        secure: false,
        expired: false,
      };
      for (const attribute of attributes) {
        const [key, value = ''] = attribute.split('=');
        switch (key.toLowerCase()) {
          case 'path':
            cookie.path = value || '/';
            break;
          case 'secure':
            cookie.secure = true;
            break;
          case 'max-age':
            cookie.expired ||= Number(value) <= 0;
            break;
          case 'expires':
            cookie.expired ||= Date.parse(value) <= Date.now();
            break;
        }
      }
      if (cookie.secure && url.protocol !== 'https:' && !isLoopback(url.hostname)) continue;
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path),
      );
      if (!cookie.expired) this.cookies.push(cookie);
    }
  }

  header(url) {
    return this.cookies
      .filter(
        (c) =>
          c.host === url.hostname &&
          (!c.secure || url.protocol === 'https:' || isLoopback(url.hostname)) &&
          (url.pathname === c.path ||
            url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(name) {
    return this.cookies.find((c) => c.name === name);
  }
}

function isLoopback(host) {
  return host === 'localhost' || host === '[::1]' || (isIP(host) === 4 && host.startsWith('127.'));
}

class Browser {
  jar = new CookieJar();
  /** Every Set-Cookie line the app sent, for the attribute checks. */
  appSetCookies = [];

  /** Goes to `url` (GET, or POST with a form) and follows redirects; returns the last response. */
  async go(url, { form, headers = {} } = {}) {
    let target = new URL(url, APP);
    let method = form ? 'POST' : 'GET';
    let body = form ? new URLSearchParams(form).toString() : undefined;
    const visited = [];
    for (let hops = 0; hops < 20; hops++) {
      visited.push(`${method} ${target.origin}${target.pathname}`);
      const response = await fetch(target, {
        method,
        redirect: 'manual',
        body,
        headers: {
          ...headers,
          accept: 'text/html',
          cookie: this.jar.header(target),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      this.jar.store(target, response);
      if (target.origin === new URL(APP).origin) {
        this.appSetCookies.push(...response.headers.getSetCookie());
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        target = new URL(location, target);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { response, url: target, text: await response.text(), visited };
    }
    fail(`too many redirects: ${visited.join(' → ')}`);
  }

  /** Signs in: app login → provider → its form → callback → the page `returnTo`. */
  async signIn(provider, issuer, choose) {
    const start = await fetch(new URL(`/auth/${provider}/login?returnTo=%2Fmin-side`, APP), {
      redirect: 'manual',
    });
    check(start.status === 302, `${provider} login answered ${start.status}, not a redirect`);
    const location = new URL(start.headers.get('location'));
    check(
      location.href.startsWith(`${issuer}/`),
      `${provider} login sends the browser to ${location.origin}, not to ${issuer}`,
    );
    for (const p of ['code_challenge', 'state', 'nonce']) {
      check(location.searchParams.has(p), `${provider} login does not send ${p}`);
    }
    this.jar.store(new URL(APP), start);
    this.appSetCookies.push(...start.headers.getSetCookie());
    const picker = await this.go(location);
    check(
      picker.response.status === 200 && picker.url.origin === issuer,
      `${provider}: expected the provider's sign-in form, got ${picker.response.status} at ${picker.url}`,
    );
    const action = /<form[^>]*action="([^"]+)"/.exec(picker.text)?.[1];
    check(action, `${provider}: no form on the provider's page`);
    return this.go(new URL(action, picker.url), { form: choose });
  }
}

const json = async (path, browser) => {
  const response = await fetch(new URL(path, APP), {
    headers: browser ? { cookie: browser.jar.header(new URL(path, APP)) } : {},
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

// The app serves, on its PostgreSQL, with no demo data (SEED_DEMO=false).
const health = await json('/health');
check(health.status === 200, `/health answered ${health.status}: ${JSON.stringify(health.body)}`);
check(
  health.headers.get('strict-transport-security')?.includes('max-age='),
  'no Strict-Transport-Security header',
);
const statistics = await json('/api/statistics');
check(
  statistics.status === 200 && statistics.body.entries === 0,
  `expected an empty register, got ${JSON.stringify(statistics.body).slice(0, 200)}`,
);

// The sign-in page offers the real providers only: no built-in test provider.
const loginPage = await new Browser().go('/logg-inn');
check(loginPage.response.status === 200, `/logg-inn answered ${loginPage.response.status}`);
check(
  loginPage.text.includes('href="/auth/idporten/login?returnTo=%2Fmin-side"') &&
    loginPage.text.includes('href="/auth/staff/login?returnTo=%2Fmin-side"'),
  '/logg-inn does not offer both providers',
);
check(
  !/testleverandør|test identity provider/i.test(loginPage.text),
  '/logg-inn mentions a test provider',
);

// A citizen signs in with ID-porten (level substantial) and sees their own page.
const citizen = new Browser();
const mine = await citizen.signIn('idporten', IDPORTEN, {
  accountId: 'ci-citizen',
  acr: 'idporten-loa-substantial',
});
check(
  mine.response.status === 200 && mine.url.href === new URL('/min-side', APP).href,
  `citizen sign-in ended at ${mine.url} (${mine.response.status}): ${mine.visited.join(' → ')}\n${mine.text.slice(0, 500)}`,
);
check(mine.text.includes(env('CITIZEN_NAME')), '/min-side does not show the citizen’s name');
check(!mine.text.includes(env('CITIZEN_PID')), '/min-side shows the identity number');
const session = citizen.appSetCookies.find((c) => c.startsWith('tr_session='));
check(session, 'no session cookie');
for (const attribute of [/;\s*HttpOnly/i, /;\s*Secure/i, /;\s*SameSite=Lax/i, /;\s*Path=\//i]) {
  check(attribute.test(session), `session cookie lacks ${attribute}: ${session}`);
}
const me = await json('/api/me', citizen);
check(me.status === 200, `/api/me answered ${me.status} to the signed-in citizen`);
check(
  me.body.kind === 'citizen' &&
    me.body.displayName === env('CITIZEN_NAME') &&
    JSON.stringify(me.body.roles) === '["interpreter"]',
  `/api/me: ${JSON.stringify(me.body)}`,
);
check(!JSON.stringify(me.body).includes(env('CITIZEN_PID')), '/api/me shows the identity number');

// Below level substantial, ID-porten's answer is refused.
const low = await new Browser().signIn('idporten', IDPORTEN, {
  accountId: 'ci-citizen',
  acr: 'idporten-loa-low',
});
check(low.response.status === 401, `a login at level low got ${low.response.status}`);

// A staff member the register knows signs in with the staff login.
const staff = new Browser();
await staff.signIn('staff', STAFF, { accountId: 'ci-staff' });
const staffMe = await json('/api/me', staff);
check(
  staffMe.status === 200 &&
    staffMe.body.kind === 'staff' &&
    staffMe.body.displayName === env('STAFF_NAME') &&
    JSON.stringify(staffMe.body.roles) === '["case_handler"]',
  `staff /api/me: ${staffMe.status} ${JSON.stringify(staffMe.body)}`,
);

// What no login started is refused; anonymous callers get 401.
const forged = await fetch(new URL('/auth/idporten/callback?code=x&state=y', APP), {
  redirect: 'manual',
});
check(forged.status === 401, `a callback no login started got ${forged.status}`);
check((await json('/api/me')).status === 401, 'anonymous /api/me is not 401');

console.log(
  'production check ok: healthy and empty; only the real providers offered; ' +
    'a citizen (ID-porten, substantial) and a staff member signed in end to end; ' +
    'level low, a foreign callback and an anonymous caller refused',
);
