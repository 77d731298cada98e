import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { isProductionProcess } from '../config/configuration.js';
import { ACR_ORDER, REQUIRED_ACR } from './acr.js';

/** A person or staff user one can sign in as, without a password. */
export interface TestAccount {
  sub: string;
  name: string;
  /** Citizens (ID-porten): the national identity number claim. */
  pid?: string;
  /** Shown in the picker, e.g. "Tolk 10234" or "Saksbehandler". */
  label: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Which accounts this client's users pick from. */
  kind: 'citizen' | 'staff';
}

export interface TestIdentityProviderOptions {
  host: string;
  port: number;
  clients: TestClient[];
  accounts: (kind: 'citizen' | 'staff') => Promise<TestAccount[]>;
  findAccount: (sub: string) => Promise<TestAccount | undefined>;
}

export interface RunningTestIdentityProvider {
  issuer: string;
  /** The private signing key, for tests that forge tokens. */
  signingJwk: JWK;
  close(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > 10_000) req.destroy();
    });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

/**
 * The built-in test identity provider, like ID-porten's TestID: a real
 * OpenID provider (oidc-provider) where one picks a synthetic person or a
 * staff user and the level of assurance, with no password. The app's login
 * code talks to it exactly as it talks to ID-porten. It must never run in
 * production (the configuration check refuses to start without real providers).
 */
export async function startTestIdentityProvider(
  options: TestIdentityProviderOptions,
): Promise<RunningTestIdentityProvider> {
  if (isProductionProcess()) {
    throw new Error('The test identity provider must not run in production.');
  }
  // Loaded only when the test provider is actually started: never in production.
  const { default: Provider } = await import('oidc-provider');
  const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');
  // RS256, as ID-porten signs its ID tokens.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const signingJwk: JWK = {
    ...(await exportJWK(privateKey)),
    kid: 'test-idp-rs256',
    alg: 'RS256',
    use: 'sig',
  };

  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> = (
    _req,
    res,
  ) => {
    res.statusCode = 503;
    res.end();
    return Promise.resolve();
  };
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  const kindOf = new Map(options.clients.map((c) => [c.clientId, c.kind]));

  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    acrValues: [...ACR_ORDER],
    claims: { openid: ['sub', 'pid'], profile: ['name'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = await options.findAccount(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.name, ...(account.pid ? { pid: account.pid } : {}) }),
      };
    },
    // No consent screen: the register's own clients get openid and profile.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  handler = async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', issuer).pathname;
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
      if (!match) {
        await callback(req, res);
        return;
      }
      const details = await provider.interactionDetails(req, res);
      const kind = kindOf.get(String(details.params.client_id)) ?? 'citizen';
      if (req.method === 'GET' && !match[2]) {
        const accounts = await options.accounts(kind);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(pickerPage(details.uid, kind, accounts));
        return;
      }
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const account = await options.findAccount(form.get('accountId') ?? '');
        if (!account || (kind === 'citizen') !== Boolean(account.pid)) {
          res.statusCode = 400;
          res.end('Unknown test account');
          return;
        }
        const acr = form.get('acr') || undefined;
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub, acr, amr: ['TestID'], remember: false } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      res.statusCode = 405;
      res.end();
    } catch {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('The login could not continue. Start again from the register.');
    }
  };

  return {
    issuer,
    signingJwk,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function pickerPage(uid: string, kind: 'citizen' | 'staff', accounts: TestAccount[]): string {
  const title =
    kind === 'citizen'
      ? 'Testinnlogging (ID-porten) / Test login (ID-porten)'
      : 'Testinnlogging for ansatte / Test login for staff';
  const options = accounts
    .map((a) => `<option value="${esc(a.sub)}">${esc(a.name)} – ${esc(a.label)}</option>`)
    .join('');
  const levels = ACR_ORDER.map(
    (acr) => `<option value="${acr}"${acr === REQUIRED_ACR ? ' selected' : ''}>${acr}</option>`,
  ).join('');
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<h1>${title}</h1>
<p>Dette er en testinnlogging med syntetiske personer, uten passord. / This is a test login with synthetic people, no password.</p>
<form method="post" action="/interaction/${esc(uid)}/login">
<p><label for="accountId">Logg inn som / Sign in as</label><br>
<select id="accountId" name="accountId" style="font:inherit;padding:.4rem;max-width:100%">${options}</select></p>
<p><label for="acr">Sikkerhetsnivå / Level of assurance</label><br>
<select id="acr" name="acr" style="font:inherit;padding:.4rem">${levels}</select></p>
<p><button type="submit" style="font:inherit;padding:.5rem 1.5rem">Logg inn / Sign in</button></p>
</form></body></html>`;
}
