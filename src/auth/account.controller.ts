import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGES, uiLanguage } from '../web/i18n.js';
import { WebRenderer } from '../web/web.renderer.js';
import { OidcService } from './oidc.service.js';
import { Public } from './public.decorator.js';
import { ROLES, Roles } from './roles.js';
import type { SignedInUser } from './users.service.js';
import { viewerOf } from './viewer.js';

/** The sign-in page and the signed-in person's own page. */
@ApiExcludeController()
@Controller()
export class AccountController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly oidc: OidcService,
  ) {}

  @Public()
  @Get('logg-inn')
  @Header('Cache-Control', 'no-store')
  login(
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const lang = uiLanguage(langParam);
    const html = this.renderer.render('login', {
      lang,
      viewer: viewerOf(request),
      title: MESSAGES[lang].loginTitle,
      path: '/logg-inn',
      returnTo: lang === 'en' ? '/min-side?lang=en' : '/min-side',
      testIdp: this.oidc.usesTestIdentityProvider(),
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }

  @Roles(...ROLES)
  @Get('min-side')
  @Header('Cache-Control', 'no-store')
  me(
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest & { user: SignedInUser },
    @Res() reply: FastifyReply,
  ): void {
    const lang = uiLanguage(langParam);
    const html = this.renderer.render('me', {
      lang,
      title: MESSAGES[lang].navMe,
      path: '/min-side',
      user: request.user,
      viewer: viewerOf(request),
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }
}
