import {
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { uiLanguage } from '../web/i18n.js';
import { Pages } from '../web/pages.js';
import { AUTH_MESSAGES } from './auth.messages.js';
import { CurrentActor } from './current-user.decorator.js';
import { LOGIN_PROVIDERS, LoginRefused, OidcService, type LoginProvider } from './oidc.service.js';
import { Public } from './public.decorator.js';
import { SESSION_COOKIE, SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';

/**
 * Sign-in starts and callbacks per minute per client address
 * (SIGN_IN_RATE_LIMIT): enough for a person who retries, far too few to fill
 * the login table or to hammer the identity provider.
 */
const SIGN_IN_LIMITED = {
  rateLimit: {
    max: (request: FastifyRequest) => request.server.settings.auth.signInRateLimit,
    timeWindow: '1 minute',
  },
};

const LOGIN_COOKIE = 'tr_login';
const LOGIN_COOKIE_PATH = '/auth';

/** Only paths on this site: never an absolute or protocol-relative URL (no open redirect). */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' &&
    /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) &&
    value.length <= 500
    ? value
    : '/';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The public base URL when the request reached this server under another
 * loopback name than the public one (the start-up log prints 127.0.0.1, the
 * default public URL says localhost); undefined otherwise. Real host names
 * are never redirected, so a proxy that rewrites Host cannot cause a loop.
 */
export function loopbackAlias(requestHost: string, publicBaseUrl: string): string | undefined {
  const wanted = new URL(publicBaseUrl);
  let actual: URL;
  try {
    actual = new URL(`http://${requestHost}`);
  } catch {
    return undefined;
  }
  const differs = actual.hostname !== wanted.hostname;
  return differs && LOOPBACK.has(actual.hostname) && LOOPBACK.has(wanted.hostname)
    ? wanted.origin
    : undefined;
}

/** The sign-in flow: to the identity provider and back, and out again. */
@ApiExcludeController()
@Controller()
export class AuthController {
  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionsService,
    private readonly signIns: SignInService,
    private readonly pages: Pages,
  ) {}

  @Public()
  @RouteConfig(SIGN_IN_LIMITED)
  @Get('auth/:provider/login')
  async login(
    @Param('provider', new ParseEnumPipe(LOGIN_PROVIDERS, { errorHttpStatusCode: 404 }))
    provider: LoginProvider,
    @Query('returnTo') returnTo: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The provider sends the person back to PUBLIC_BASE_URL, and the login
    // cookie must be waiting there: a sign-in started on another loopback
    // name (127.0.0.1 for localhost) first moves to the public one.
    const canonical = loopbackAlias(request.host, this.oidc.publicBaseUrl);
    if (canonical) {
      const target = new URL(`/auth/${provider}/login`, canonical);
      target.searchParams.set('returnTo', safeReturnTo(returnTo));
      void reply.header('cache-control', 'no-store').redirect(target.href, HttpStatus.FOUND);
      return;
    }
    const { url, state } = await this.oidc.start(provider, safeReturnTo(returnTo));
    void reply
      .setCookie(LOGIN_COOKIE, state, {
        ...this.sessions.cookieOptions(600),
        path: LOGIN_COOKIE_PATH,
      })
      .header('cache-control', 'no-store')
      .redirect(url, HttpStatus.FOUND);
  }

  @Public()
  @RouteConfig(SIGN_IN_LIMITED)
  @Get('auth/:provider/callback')
  async callback(
    @Param('provider', new ParseEnumPipe(LOGIN_PROVIDERS, { errorHttpStatusCode: 404 }))
    provider: LoginProvider,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const callbackUrl = new URL(request.url, 'http://callback.invalid');
    void reply.clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
    try {
      const login = await this.oidc.finish(provider, callbackUrl, request.cookies[LOGIN_COOKIE]);
      const token = await this.signIns.signIn(login, request.ip);
      void reply
        .setCookie(SESSION_COOKIE, token, this.sessions.cookieOptions())
        .header('cache-control', 'no-store')
        .redirect(login.returnTo, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!(error instanceof LoginRefused)) throw error;
      await this.signIns.refused(provider, error.reason, request.ip);
      const m = AUTH_MESSAGES[uiLanguage((request.query as { lang?: unknown }).lang)];
      this.pages.message(
        reply,
        request,
        { heading: m.signInFailedTitle, text: m.signInFailedText },
        HttpStatus.UNAUTHORIZED,
      );
    }
  }

  @Public()
  @Post('auth/logout')
  async logout(
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.signIns.signOut(request.cookies[SESSION_COOKIE], actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    this.pages.redirect(reply, '/', 'loggedOut');
  }
}
