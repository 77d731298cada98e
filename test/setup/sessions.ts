import { csrfTokenFor } from '../../src/auth/csrf.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import type { TestApp } from './test-app.js';

/**
 * A citizen signed in through ID-porten with the interpreter role, as the
 * login leaves them (the login itself is tested in sign-in.e2e-spec).
 * Returns the session token, the value of the tr_session cookie.
 */
export async function interpreterSession(
  t: TestApp,
  nationalId: string,
  displayName: string,
): Promise<string> {
  const [user]: Array<{ id: string }> = await t.dataSource.query(
    `INSERT INTO users (national_id, display_name) VALUES ($1, $2) RETURNING id`,
    [nationalId, displayName],
  );
  await t.dataSource.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'interpreter')`, [
    user.id,
  ]);
  return t.app
    .get(SessionsService)
    .create(t.dataSource.manager, user.id, 'idporten', 'idporten-loa-substantial');
}

/**
 * The header a page of the register sends with a state-changing request made
 * with this session: its CSRF token. Accepts the session token or a cookie
 * header such as "tr_session=…".
 */
export function csrfHeader(sessionOrCookie: string): { 'x-csrf-token': string } {
  const match = /(?:^|;\s*)tr_session=([^;]+)/.exec(sessionOrCookie);
  return { 'x-csrf-token': csrfTokenFor(match ? match[1] : sessionOrCookie) };
}

/** The headers of a request from the register's own pages, signed in with this session cookie. */
export function fromOurPages(cookie: string): Record<string, string> {
  return { cookie, ...csrfHeader(cookie) };
}
