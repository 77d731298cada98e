import {
  Controller,
  Get,
  Header,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor, CurrentUser } from '../auth/current-user.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.js';
import type { SignedInUser } from '../auth/users.service.js';
import { uiLanguageFor, type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang } from '../web/pages.js';
import { cardCheckPage, formatDate, formatTime } from './card-check.page.js';
import { CardCheckService } from './card-check.service.js';
import { renderCardsPdf } from './card-pdf.js';
import { CARD_MESSAGES } from './cards.messages.js';
import { RATE_LIMITED } from './cards.controller.js';
import { HolderCardService } from './holder-card.service.js';
import { qrSvg } from './qr.js';

const PAGE = { messages: CARD_MESSAGES };

/**
 * The card's pages: the check a scanned QR code opens (for anyone), and the
 * holder's own digital card, its PDF and "I lost my card".
 */
@ApiExcludeController()
@Controller()
export class CardPagesController {
  constructor(
    private readonly checks: CardCheckService,
    private readonly holderCards: HolderCardService,
    private readonly pages: Pages,
  ) {}

  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/:token')
  async check(
    @Param('token') token: string,
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const check = await this.checks.check(token);
    this.sendCheck(request, reply, langParam, `/v/${token}`, check);
  }

  /**
   * Whatever else was scanned under /v/ (a token split by "/", say) is the
   * same "unknown card" page: one answer for everything that is not genuine.
   */
  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/*')
  unknown(
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.sendCheck(request, reply, langParam, request.url.split('?')[0], undefined);
  }

  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/:token/foto')
  @Header('Cache-Control', 'no-store')
  async photo(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const photo = await this.checks.photoForToken(token);
    if (!photo) throw new NotFoundException();
    void reply.type(photo.mediaType).send(photo.data);
  }

  @Roles('interpreter')
  @Get('min-side/kort')
  async myCard(
    @UiLang() lang: UiLanguage,
    @CurrentUser() user: SignedInUser,
    @Query('nytt') justReplaced: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = CARD_MESSAGES[lang];
    const card = user.interpreterNumber
      ? await this.holderCards.currentCard(user.interpreterNumber)
      : undefined;
    const code = card ? await this.holderCards.digitalCode(card) : undefined;
    this.pages.send(
      reply,
      request,
      'my-card',
      {
        title: m.myCardTitle,
        path: '/min-side/kort',
        card,
        justReplaced: justReplaced === '1',
        name: card ? `${card.printable.givenName} ${card.printable.familyName}` : '',
        expires: card ? formatDate(card.printable.expiresAt, lang) : '',
        qrSvg: code ? qrSvg(code.url, { title: m.myCardQrLabel, moduleSize: 6 }) : '',
        codeNote: code ? m.myCardCodeNote(formatTime(code.expiresAt, lang)) : '',
        // Refresh a minute before the code stops working.
        refreshSeconds: Math.max(30, this.holderCards.codeMinutes * 60 - 60),
      },
      PAGE,
    );
  }

  /** The QR code alone, for the digital card's script to swap in before the code expires. */
  @Roles('interpreter')
  @Get('min-side/kort/kode.svg')
  @Header('Cache-Control', 'no-store')
  async myCode(
    @UiLang() lang: UiLanguage,
    @CurrentUser() user: SignedInUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = CARD_MESSAGES[lang];
    const code = await this.holderCards.digitalCode(await this.holderCards.cardOf(user));
    void reply
      .type('image/svg+xml; charset=utf-8')
      .header('x-code-note', encodeURIComponent(m.myCardCodeNote(formatTime(code.expiresAt, lang))))
      .send(qrSvg(code.url, { title: m.myCardQrLabel }));
  }

  @Roles('interpreter')
  @Get('min-side/kort.pdf')
  @Header('Cache-Control', 'no-store')
  async myCardPdf(@CurrentUser() user: SignedInUser, @Res() reply: FastifyReply): Promise<void> {
    const card = await this.holderCards.cardOf(user);
    const pdf = await renderCardsPdf([card.printable]);
    void reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="tolkekort-${card.printable.cardNumber}.pdf"`,
      )
      .send(pdf);
  }

  @Roles('interpreter')
  @Get('min-side/kort/mistet')
  async lostPage(
    @UiLang() lang: UiLanguage,
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const card = await this.holderCards.cardOf(user);
    this.pages.send(
      reply,
      request,
      'card-lost',
      {
        title: CARD_MESSAGES[lang].lostTitle,
        path: '/min-side/kort/mistet',
        cardNumber: card.printable.cardNumber,
      },
      PAGE,
    );
  }

  @Roles('interpreter')
  @Post('min-side/kort/mistet')
  async lost(
    @UiLang() lang: UiLanguage,
    @CurrentUser() user: SignedInUser,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.holderCards.reportLost(user, actor);
    this.pages.redirect(reply, `/min-side/kort?nytt=1${lang === 'en' ? '&lang=en' : ''}`);
  }

  private sendCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    langParam: string | undefined,
    path: string,
    check: Awaited<ReturnType<CardCheckService['check']>>,
  ): void {
    // A scanned card opens in the phone's language unless ?lang says otherwise.
    const lang = uiLanguageFor(langParam, request.headers['accept-language']);
    void reply.header('vary', 'accept-language');
    this.pages.send(reply, request, 'card-check', cardCheckPage(lang, path, check), {
      ...PAGE,
      status: check ? HttpStatus.OK : HttpStatus.NOT_FOUND,
    });
  }
}
