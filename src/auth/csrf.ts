import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/problem.js';
import { SESSION_COOKIE } from './sessions.service.js';

/** The hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';
/** The header that carries it for script and API calls made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * A visitor's form cookie: random, HttpOnly, set by the page layer when it
 * renders a form to someone with neither a session nor a reporter session,
 * so their forms carry a token too. Stored nowhere on the server.
 */
export const FORM_COOKIE = 'tr_form';
/** A reporter's session after typing their receipt code (reports, #11); Path=/meld-fra. */
export const REPORT_SESSION_COOKIE = 'tr_report';

/**
 * The cookies a token can be derived from, strongest first. A request's
 * token must match the first of them it carries, and a page's forms carry
 * the token of that same cookie: a weaker cookie (one another site on a
 * sibling domain could plant) never stands in for a session.
 */
const TOKEN_COOKIES = [SESSION_COOKIE, REPORT_SESSION_COOKIE, FORM_COOKIE] as const;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The strongest token cookie the request carries, if any. */
function tokenCookie(request: FastifyRequest): string | undefined {
  for (const name of TOKEN_COOKIES) {
    const value = request.cookies?.[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * The synchronizer token of a session: a one-way function of the session
 * cookie. The cookie is HttpOnly and random, so only our own pages (which
 * put the token in their forms) can present it; another site can make the
 * browser send the cookie but can neither read it nor compute the token.
 * It needs no storage and is the same on every app node.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256')
    .update(`tolkeregister csrf v1\u0000${sessionToken}`)
    .digest('base64url');
}

function matches(sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class CsrfTokenError extends DomainError {
  constructor() {
    super(
      'CSRF_TOKEN_INVALID',
      'The request did not come from a page of the register (missing or wrong CSRF token). ' +
        'Reload the page and try again.',
      HttpStatus.FORBIDDEN,
    );
  }
}

/**
 * Refuses a state-changing request made with the session cookie (or a
 * reporter's session, or a visitor's form cookie) unless it carries that
 * cookie's token, in the form field or the header. Requests
 * with an Authorization header (API clients with a bearer token) are not
 * sent by browsers on another site's behalf and need none. The field is
 * removed once checked, so the validators never see it.
 */
export function checkCsrfToken(request: FastifyRequest): void {
  const session = sessionRequiringCsrfToken(request);
  if (session === undefined) return;
  const body = request.body;
  let presented: unknown = request.headers[CSRF_HEADER];
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && CSRF_FIELD in body) {
    const fields = body as Record<string, unknown>;
    presented = fields[CSRF_FIELD];
    delete fields[CSRF_FIELD];
  }
  assertCsrfToken(session, presented);
}

/**
 * The cookie whose token this request must carry (the session cookie, else
 * a reporter's session, else a visitor's form cookie), or undefined when it
 * needs none: a safe method, none of those cookies, or an Authorization header.
 */
export function sessionRequiringCsrfToken(request: FastifyRequest): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const cookie = tokenCookie(request);
  if (!cookie || request.headers.authorization !== undefined) return undefined;
  return cookie;
}

/**
 * Refuses (403 CSRF_TOKEN_INVALID) unless `presented` is the session's token;
 * for bodies the preValidation hook cannot read, such as a multipart form's
 * fields (src/uploads/multipart.ts).
 */
export function assertCsrfToken(session: string, presented: unknown): void {
  if (!matches(session, presented)) throw new CsrfTokenError();
}

/** The token for a signed-in person's forms, or undefined when no session cookie is present. */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const session = request.cookies?.[SESSION_COOKIE];
  return session ? csrfTokenFor(session) : undefined;
}

/**
 * The token for the forms of a page shown to someone who is not signed in:
 * that of the strongest cookie they carry (a stale session, a reporter's
 * session, their form cookie), or, when they carry none, of a new random
 * form cookie, which `setCookie` is asked to set (HttpOnly, SameSite=Lax,
 * Path=/, Secure over https; a browser session cookie).
 */
export function visitorCsrfToken(
  request: FastifyRequest,
  setCookie: (name: string, value: string, options: FormCookieOptions) => void,
): string {
  const existing = tokenCookie(request);
  if (existing) return csrfTokenFor(existing);
  const fresh = randomBytes(32).toString('base64url');
  setCookie(FORM_COOKIE, fresh, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: true, // as the session cookie: never sent over plain http, also behind a proxy
  });
  // Later forms of the same response use it too.
  if (request.cookies) (request.cookies as Record<string, string | undefined>)[FORM_COOKIE] = fresh;
  return csrfTokenFor(fresh);
}

export interface FormCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
}
