import {
  Controller,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/current-user.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.js';
import { viewerOf } from '../auth/viewer.js';
import type { SignedInUser } from '../auth/users.service.js';
import { MESSAGES, uiLanguage, uiLanguageFor } from '../web/i18n.js';
import { WebRenderer } from '../web/web.renderer.js';
import { formatDate, formatTime, renderCardCheck } from './card-check.page.js';
import { renderCardsPdf } from './card-pdf.js';
import { CardCheckService } from './card-check.service.js';
import { CardKeysService } from './card-keys.service.js';
import { CardCheckDto } from './dto/card-check.dto.js';
import { CardJwksDto } from './dto/card-jwks.dto.js';
import { OwnCardDto, OwnCardWithCodeDto } from './dto/own-card.dto.js';
import { HolderCardService, type InterpreterCard } from './holder-card.service.js';
import { qrSvg } from './qr.js';
import { StatusListService } from './status-list.service.js';

/** Card checks are the busiest public endpoints: limited per client address. */
const RATE_LIMITED = { rateLimit: { timeWindow: '1 minute' } };

type SignedInRequest = FastifyRequest & { user: SignedInUser };

/** The interpreter's own card as JSON: what is printed on it, without the photo bytes. */
function cardJson(card: InterpreterCard): OwnCardDto {
  const { photo, verificationUrl, ...printable } = card.printable;
  return {
    status: card.status,
    ...printable,
    hasPhoto: photo !== null,
    printedCardUrl: verificationUrl,
  };
}

@ApiTags('cards')
@Controller()
export class CardsController {
  constructor(
    private readonly checks: CardCheckService,
    private readonly holderCards: HolderCardService,
    private readonly statusLists: StatusListService,
    private readonly cardKeys: CardKeysService,
    private readonly renderer: WebRenderer,
  ) {}

  @Public()
  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys that sign card tokens (JWKS, Ed25519)' })
  @ApiOkResponse({ type: CardJwksDto })
  jwks(): Promise<CardJwksDto> {
    return this.cardKeys.jwks();
  }

  @Public()
  @Get('.well-known/card-status.jwt')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'Signed list of unexpired cards that are not valid now (for offline verifiers)',
    description:
      'A compact JWS (EdDSA, typ card-status+jwt, key from the JWKS) whose payload is ' +
      '{"iat", "exp", "cards": {"<card id>": "suspended" | "revoked" | "replaced"}}. Valid for a day.',
  })
  @ApiProduces('application/jwt')
  @ApiOkResponse({ schema: { type: 'string', description: 'A compact JWS' } })
  async statusList(@Res() reply: FastifyReply): Promise<void> {
    void reply.type('application/jwt').send(await this.statusLists.statusList());
  }

  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('api/cards/verify/:token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Check a scanned interpreter card',
    description:
      'The status of the card and its holder right now: valid, suspended, revoked, expired or replaced. ' +
      'Anything that is not a genuine token of a known card is one identical 404. Rate limited per client.',
  })
  @ApiOkResponse({ type: CardCheckDto })
  @ApiNotFoundResponse({
    description: 'Not a genuine token of a known card (one answer for every reason)',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many checks from this client; see Retry-After' })
  async verify(@Param('token') token: string): Promise<CardCheckDto> {
    const check = await this.checks.check(token);
    if (!check) throw new NotFoundException();
    return check;
  }

  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/:token')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async page(
    @Param('token') token: string,
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const check = await this.checks.check(token);
    const lang = uiLanguageFor(langParam, request.headers['accept-language']);
    const html = renderCardCheck(this.renderer, lang, `/v/${token}`, check);
    void reply
      .status(check ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('vary', 'accept-language')
      .send(html);
  }

  /**
   * Whatever else was scanned under /v/ (a token split by "/", say) is the
   * same "unknown card" page: one answer for everything that is not genuine.
   */
  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/*')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  unknownPage(
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const lang = uiLanguageFor(langParam, request.headers['accept-language']);
    const html = renderCardCheck(this.renderer, lang, request.url.split('?')[0], undefined);
    void reply
      .status(404)
      .type('text/html; charset=utf-8')
      .header('vary', 'accept-language')
      .send(html);
  }

  @Public()
  @RouteConfig(RATE_LIMITED)
  @Get('v/:token/foto')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async photo(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const photo = await this.checks.photoForToken(token);
    if (!photo) throw new NotFoundException();
    void reply.type(photo.mediaType).send(photo.data);
  }

  @Roles('interpreter')
  @Get('api/me/card')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The signed-in interpreter's card, with a short-lived code for the digital card",
  })
  @ApiOkResponse({ type: OwnCardWithCodeDto })
  @ApiNotFoundResponse({ description: 'The signed-in person has no interpreter card' })
  async myCardJson(@Req() request: SignedInRequest): Promise<OwnCardWithCodeDto> {
    const card = await this.cardOf(request);
    const code = await this.holderCards.digitalCode(card);
    return {
      ...cardJson(card),
      code: {
        token: code.token,
        url: code.url,
        expiresAt: code.expiresAt.toISOString(),
      },
    };
  }

  @Roles('interpreter')
  @Post('api/me/card/replace')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Report the card lost: a new card is issued and the old one reads "replaced" at once',
  })
  @ApiCreatedResponse({ type: OwnCardDto, description: 'The new card' })
  @ApiNotFoundResponse({ description: 'The signed-in person has no interpreter card' })
  async replaceJson(@Req() request: SignedInRequest): Promise<OwnCardDto> {
    return cardJson(await this.replaceLost(request));
  }

  @Roles('interpreter')
  @Get('min-side/kort/mistet')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async lostPage(
    @Query('lang') langParam: string | undefined,
    @Req() request: SignedInRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = uiLanguage(langParam);
    const card = await this.cardOf(request);
    const html = this.renderer.render('card-lost', {
      lang,
      viewer: viewerOf(request),
      title: MESSAGES[lang].lostTitle,
      path: '/min-side/kort/mistet',
      cardNumber: card.printable.cardNumber,
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }

  @Roles('interpreter')
  @Post('min-side/kort/mistet')
  @ApiExcludeEndpoint()
  async lost(
    @Query('lang') langParam: string | undefined,
    @Req() request: SignedInRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.replaceLost(request);
    const en = uiLanguage(langParam) === 'en';
    void reply
      .header('cache-control', 'no-store')
      .redirect(`/min-side/kort?nytt=1${en ? '&lang=en' : ''}`, 303);
  }

  @Roles('interpreter')
  @Get('min-side/kort')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async myCard(
    @Query('lang') langParam: string | undefined,
    @Query('nytt') justReplaced: string | undefined,
    @Req() request: SignedInRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = uiLanguage(langParam);
    const m = MESSAGES[lang];
    const card = request.user.interpreterNumber
      ? await this.holderCards.currentCard(request.user.interpreterNumber)
      : undefined;
    const code = card ? await this.holderCards.digitalCode(card) : undefined;
    const html = this.renderer.render('my-card', {
      lang,
      viewer: viewerOf(request),
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
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }

  @Roles('interpreter')
  @Get('min-side/kort/kode.svg')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async myCode(
    @Query('lang') langParam: string | undefined,
    @Req() request: SignedInRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = MESSAGES[uiLanguage(langParam)];
    const card = await this.cardOf(request);
    const code = await this.holderCards.digitalCode(card);
    void reply
      .type('image/svg+xml; charset=utf-8')
      .header(
        'x-code-note',
        encodeURIComponent(m.myCardCodeNote(formatTime(code.expiresAt, uiLanguage(langParam)))),
      )
      .send(qrSvg(code.url, { title: m.myCardQrLabel }));
  }

  @Roles('interpreter')
  @Get('min-side/kort.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async myCardPdf(@Req() request: SignedInRequest, @Res() reply: FastifyReply): Promise<void> {
    const card = await this.cardOf(request);
    const pdf = await renderCardsPdf([card.printable]);
    void reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="tolkekort-${card.printable.cardNumber}.pdf"`,
      )
      .send(pdf);
  }

  private async replaceLost(request: SignedInRequest): Promise<InterpreterCard> {
    const number = request.user.interpreterNumber;
    const card = number ? await this.holderCards.replaceLost(number, actorOf(request)) : undefined;
    if (!card) throw new NotFoundException('You have no interpreter card.');
    return card;
  }

  private async cardOf(request: SignedInRequest): Promise<InterpreterCard> {
    const number = request.user.interpreterNumber;
    const card = number ? await this.holderCards.currentCard(number) : undefined;
    if (!card) throw new NotFoundException('You have no interpreter card.');
    return card;
  }
}
