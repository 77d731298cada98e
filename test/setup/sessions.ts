import { csrfTokenFor } from '../../src/auth/csrf.js';

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
