import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LAYOUT_MESSAGES, type UiLanguage } from '../web/i18n.js';
import { MyPageLinks } from '../web/my-page-links.js';
import { Pages, UiLang } from '../web/pages.js';
import { AUTH_MESSAGES } from './auth.messages.js';
import { CurrentUser } from './current-user.decorator.js';
import { OidcService } from './oidc.service.js';
import { Public } from './public.decorator.js';
import { ROLES, Roles } from './roles.js';
import type { SignedInUser } from './users.service.js';

const PAGE = { messages: AUTH_MESSAGES };

/** The sign-in page and the signed-in person's own page. */
@ApiExcludeController()
@Controller()
export class AccountController {
  constructor(
    private readonly pages: Pages,
    private readonly oidc: OidcService,
    private readonly links: MyPageLinks,
  ) {}

  @Public()
  @Get('logg-inn')
  login(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.pages.send(
      reply,
      request,
      'login',
      {
        title: AUTH_MESSAGES[lang].loginTitle,
        path: '/logg-inn',
        returnTo: lang === 'en' ? '/min-side?lang=en' : '/min-side',
        testIdp: this.oidc.usesTestIdentityProvider(),
      },
      PAGE,
    );
  }

  @Roles(...ROLES)
  @Get('min-side')
  async me(
    @UiLang() lang: UiLanguage,
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Links other features add for this person (the cases about an interpreter, say).
    const links = (await this.links.for(user)).map((l) => ({ href: l.href, text: l.text[lang] }));
    this.pages.send(
      reply,
      request,
      'me',
      { title: LAYOUT_MESSAGES[lang].navMe, path: '/min-side', user, links },
      PAGE,
    );
  }
}
