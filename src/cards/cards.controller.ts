import {
  Controller,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor, CurrentUser } from '../auth/current-user.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.js';
import type { SignedInUser } from '../auth/users.service.js';
import { CardCheckService } from './card-check.service.js';
import { CardKeysService } from './card-keys.service.js';
import { CardCheckDto } from './dto/card-check.dto.js';
import { CardJwksDto } from './dto/card-jwks.dto.js';
import { OwnCardDto, OwnCardWithCodeDto } from './dto/own-card.dto.js';
import { HolderCardService, type InterpreterCard } from './holder-card.service.js';
import { StatusListService } from './status-list.service.js';

/** Card checks are the busiest public endpoints: limited per client address. */
export const RATE_LIMITED = { rateLimit: { timeWindow: '1 minute' } };

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

/** The card API: the check, the keys and status list for offline verifiers, and the holder's own card. */
@ApiTags('cards')
@Controller()
export class CardsController {
  constructor(
    private readonly checks: CardCheckService,
    private readonly holderCards: HolderCardService,
    private readonly statusLists: StatusListService,
    private readonly cardKeys: CardKeysService,
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

  @Roles('interpreter')
  @Get('api/me/card')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The signed-in interpreter's card, with a short-lived code for the digital card",
  })
  @ApiOkResponse({ type: OwnCardWithCodeDto })
  @ApiNotFoundResponse({ description: 'The signed-in person has no interpreter card' })
  async myCardJson(@CurrentUser() user: SignedInUser): Promise<OwnCardWithCodeDto> {
    const card = await this.holderCards.cardOf(user);
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
  async replaceJson(
    @CurrentUser() user: SignedInUser,
    @CurrentActor() actor: Actor,
  ): Promise<OwnCardDto> {
    return cardJson(await this.holderCards.reportLost(user, actor));
  }
}
