import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../auth/roles.js';
import type { SignedInUser } from '../auth/users.service.js';
import { CreateStaffDto, StaffDto, StaffRolesDto } from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

type AuthenticatedRequest = FastifyRequest & { user: SignedInUser };

@ApiTags('administration')
@Roles('administrator')
@Controller('api/admin/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Staff users and their roles' })
  @ApiOkResponse({ type: [StaffDto] })
  list(@Req() request: AuthenticatedRequest): Promise<StaffDto[]> {
    return this.staff.list({ id: request.user.id, ip: request.ip });
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Add a staff user (known by their subject at the staff login) with roles',
  })
  @ApiCreatedResponse({ type: StaffDto })
  create(@Body() dto: CreateStaffDto, @Req() request: AuthenticatedRequest): Promise<StaffDto> {
    return this.staff.create(dto, { id: request.user.id, ip: request.ip });
  }

  @Put(':id/roles')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Replace a staff user's roles" })
  @ApiOkResponse({ type: StaffDto })
  replaceRoles(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: StaffRolesDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<StaffDto> {
    return this.staff.replaceRoles(id, dto.roles, { id: request.user.id, ip: request.ip });
  }
}
