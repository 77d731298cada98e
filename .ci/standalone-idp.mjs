// A standalone OpenID provider for the production start test (.ci/production.sh):
// it stands in for ID-porten or for the directorate's staff login, in a process
// of its own and over HTTPS, as a real provider would be. The app's built-in
// test identity provider cannot: it refuses to run in production, and the app
// refuses an http:// issuer there.
//
//   node .ci/standalone-idp.mjs config.json
//
// config.json: { "port", "cert", "key" (PEM file paths), "kind": "citizen" | "staff",
//   "clients": [{ "clientId", "clientSecret", "redirectUri" }],
//   "accounts": [{ "sub", "name", "pid"? }] }
// Prints "ready <issuer>" once it listens; stops on SIGTERM.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `https://127.0.0.1:${config.port}`;

// ID-porten's levels of assurance and its claim for the national identity
// number: the provider's contract, written out here rather than taken from
// the app, so that the app cannot drift away from it unnoticed.
const ACR_VALUES = ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'];
const citizen = config.kind === 'citizen';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'ci-rs256',
  alg: 'RS256',
  use: 'sig',
};
const accounts = new Map(config.accounts.map((a) => [a.sub, a]));

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
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
  ...(citizen ? { acrValues: ACR_VALUES } : {}),
  claims: { openid: citizen ? ['sub', 'pid'] : ['sub'], profile: ['name'] },
  // Like ID-porten: the claims are in the ID token, no userinfo call needed.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (_ctx, sub) => {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: () => ({ sub, name: account.name, ...(account.pid ? { pid: account.pid } : {}) }),
    };
  },
  // No consent screen: the register is the only client.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
});
const callback = provider.callback();

const page = (
  uid,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><h1>${citizen ? 'ID-porten (CI stand-in)' : 'Staff login (CI stand-in)'}</h1>
<form method="post" action="/interaction/${uid}/login">
<select name="accountId">${config.accounts.map((a) => `<option value="${a.sub}">${a.name}</option>`).join('')}</select>
${citizen ? `<select name="acr">${ACR_VALUES.map((v) => `<option>${v}</option>`).join('')}</select>` : ''}
<button type="submit">Sign in</button></form></body></html>`;

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const server = https.createServer(
  { cert: readFileSync(config.cert), key: readFileSync(config.key) },
  async (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET' && !match[2]) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(page(details.uid));
      }
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const account = accounts.get(form.get('accountId') ?? '');
        if (!account) {
          res.statusCode = 400;
          return res.end('unknown account');
        }
        const acr = citizen ? form.get('acr') || undefined : undefined;
        return await provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub, acr, amr: ['ci'], remember: false } },
          { mergeWithLastSubmission: false },
        );
      }
      res.statusCode = 405;
      res.end();
    } catch (error) {
      res.statusCode = 400;
      res.end(`interaction failed: ${error.message}`);
    }
  },
);
server.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
