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
  Req,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiTokensService } from './api-tokens.service.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './dto/api-token.dto.js';
import { Roles } from './roles.js';
import type { SignedInUser } from './users.service.js';

type AuthenticatedRequest = FastifyRequest & { user: SignedInUser };

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
    @Req() request: AuthenticatedRequest,
  ): Promise<CreatedApiTokenDto> {
    return this.tokens.create(request.user.id, dto.name, dto.days ?? 90, request.ip);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Your API tokens (never the tokens themselves)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(@Req() request: AuthenticatedRequest): Promise<ApiTokenDto[]> {
    return this.tokens.list(request.user.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  async revoke(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<void> {
    await this.tokens.revoke(request.user.id, id, request.ip);
  }
}
