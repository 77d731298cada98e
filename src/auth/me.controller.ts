import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from './current-user.decorator.js';
import { MeDto } from './dto/me.dto.js';
import { ROLES, Roles } from './roles.js';
import type { SignedInUser } from './users.service.js';

/** Who is signed in, for API clients and scripts. */
@ApiTags('sign-in')
@Controller('api/me')
export class MeController {
  @Roles(...ROLES)
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The signed-in user and their roles' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: SignedInUser): MeDto {
    return {
      id: user.id,
      displayName: user.displayName,
      kind: user.kind,
      roles: user.roles,
      interpreterNumber: user.interpreterNumber,
    };
  }
}
