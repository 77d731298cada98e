import request from 'supertest';
import { OidcService } from '../../src/auth/oidc.service.js';
import { HeadlessBrowser } from './headless-browser.js';
import type { TestApp } from './test-app.js';

/**
 * Signs in through the built-in test identity provider as a person would:
 * the login start, the provider's picker (account and level of assurance),
 * the callback. Returns the session cookie ("tr_session=…").
 */
export async function signInThroughTestProvider(
  t: TestApp,
  provider: 'idporten' | 'staff',
  accountId: string,
): Promise<string> {
  const start = await request(t.server).get(`/auth/${provider}/login`);
  if (start.status !== 302) throw new Error(`login start answered ${start.status}`);
  const loginCookie = (start.headers['set-cookie'] as unknown as string[])
    .find((c) => c.startsWith('tr_login='))!
    .split(';')[0];
  const browser = new HeadlessBrowser(t.app.get(OidcService).redirectUri(provider));
  const shown = await browser.go(new URL(start.headers.location));
  if ('callback' in shown) throw new Error('expected the picker');
  const action = shown.html.match(/<form[^>]*action="([^"]+)"/)![1];
  const done = await browser.go(new URL(action, shown.page), {
    method: 'POST',
    form: { accountId, acr: 'idporten-loa-substantial' },
  });
  if (!('callback' in done)) throw new Error(`no callback: ${done.status}`);
  const finish = await request(t.server)
    .get(`${done.callback.pathname}${done.callback.search}`)
    .set('cookie', loginCookie);
  if (finish.status !== 303) throw new Error(`callback answered ${finish.status}`);
  return (finish.headers['set-cookie'] as unknown as string[])
    .find((c) => c.startsWith('tr_session='))!
    .split(';')[0];
}
