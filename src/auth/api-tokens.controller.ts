import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { ApiTokensService } from './api-tokens.service.js';
import { CurrentActor, CurrentUser } from './current-user.decorator.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './dto/api-token.dto.js';
import { Roles } from './roles.js';
import type { SignedInUser } from './users.service.js';

@ApiTags('sign-in')
@Roles('case_handler', 'committee_member', 'administrator')
@Controller('api/me/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create a personal API token (shown once)' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  create(
    @Body() dto: CreateApiTokenDto,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedApiTokenDto> {
    return this.tokens.create(actor, dto.name, dto.days ?? 90);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Your API tokens (never the tokens themselves)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(@CurrentUser() user: SignedInUser): Promise<ApiTokenDto[]> {
    return this.tokens.list(user.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  async revoke(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.tokens.revoke(actor, id);
  }
}
