import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import {
  CreateStaffDto,
  StaffDetailsDto,
  StaffDto,
  StaffIdentityDto,
  StaffRolesDto,
} from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('administration')
@Roles('administrator')
@Controller('api/admin/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Staff users and their roles' })
  @ApiOkResponse({ type: [StaffDto] })
  list(@CurrentActor() actor: Actor): Promise<StaffDto[]> {
    return this.staff.list(actor);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Add a staff user (known by their subject at the staff login) with roles',
  })
  @ApiCreatedResponse({ type: StaffDto })
  create(@Body() dto: CreateStaffDto, @CurrentActor() actor: Actor): Promise<StaffDto> {
    return this.staff.create(dto, actor);
  }

  @Put(':id/own-national-id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Record a staff member's own identity number (kept out of their own cases)",
  })
  @ApiOkResponse({ type: StaffDto })
  setOwnNationalId(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: StaffIdentityDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffDto> {
    return this.staff.setOwnNationalId(id, dto.nationalId, actor);
  }

  @Put(':id/roles')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Replace a staff user's roles" })
  @ApiOkResponse({ type: StaffDto })
  replaceRoles(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: StaffRolesDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffDto> {
    return this.staff.replaceRoles(id, dto.roles, actor);
  }

  @Patch(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Set a staff member's committee seat (member or deputy) and work e-mail",
    description:
      'A seat needs the committee_member role (409 COMMITTEE_ROLE_REQUIRED); at most four members and four deputies (409 COMMITTEE_FULL). Audited as staff.committee_seat_changed.',
  })
  @ApiOkResponse({ type: StaffDto })
  updateDetails(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: StaffDetailsDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffDto> {
    return this.staff.updateDetails(id, dto, actor);
  }
}
