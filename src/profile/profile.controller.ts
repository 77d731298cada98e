import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { InvalidInputError } from '../common/problem.js';
import type { InterpreterProfile } from '../interpreters/interpreters.service.js';
import { AcceptsUploads, readUpload } from '../uploads/multipart.js';
import { PhotoRefusalDto, ProfileInputDto } from './dto/profile.dto.js';
import { type PhotoSubmission, PhotoSubmissionsService } from './photo-submissions.service.js';
import { ProfileService } from './profile.service.js';

const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** The profile as its owner reads it over the API (internal id and timestamps left out). */
function profileJson(p: InterpreterProfile) {
  return {
    interpreterNumber: p.interpreterNumber,
    givenName: p.givenName,
    familyName: p.familyName,
    countyCode: p.countyCode,
    municipality: p.municipality,
    email: p.email,
    emailPublic: p.emailPublic,
    phone: p.phone,
    phonePublic: p.phonePublic,
    availability: p.availability,
    modalities: p.modalities,
    workCounties: p.workCounties,
    publicNote: p.publicNote,
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The signed-in interpreter's own profile and card photo. */
@ApiTags('profile')
@Roles('interpreter')
@Controller('api/me/profile')
export class MyProfileController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly photos: PhotoSubmissionsService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'My profile (404 NOT_IN_REGISTER for a citizen who is not in the register)',
  })
  async get(@CurrentActor() actor: Actor) {
    return profileJson(await this.profiles.profileOf(actor.userId!));
  }

  @Put()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Replace what I keep myself: contact details and whether they are public, availability, modalities, work counties, a public note',
  })
  async put(@Body() dto: ProfileInputDto, @CurrentActor() actor: Actor) {
    return profileJson(await this.profiles.update(actor, dto));
  }

  @Get('photo')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'My photo submissions, newest first' })
  mySubmissions(@CurrentActor() actor: Actor): Promise<PhotoSubmission[]> {
    return this.photos.mine(actor.userId!);
  }

  @AcceptsUploads()
  @Post('photo')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Send a new card photo for approval (multipart, one file); replaces a pending one',
    description:
      'JPEG or PNG, sniffed from the bytes, re-encoded without metadata and cropped to the card. The card keeps its photo until a case handler approves the new one.',
  })
  @ApiConsumes('multipart/form-data')
  async submitPhoto(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<PhotoSubmission> {
    const { file } = await readUpload(request);
    if (!file || file.bytes.length === 0) {
      throw new InvalidInputError([{ field: 'file', message: 'choose a file' }]);
    }
    return this.photos.submit(actor, file, 'nb');
  }
}

/** Case handlers approve or refuse new card photos. */
@ApiTags('profile')
@Roles('case_handler')
@Controller('api/photo-submissions')
export class PhotoSubmissionsController {
  constructor(private readonly photos: PhotoSubmissionsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Pending photo submissions, oldest first' })
  list(@CurrentActor() actor: Actor) {
    return this.photos.pending(actor);
  }

  @Post(':id/approve')
  @HttpCode(204)
  @ApiOperation({ summary: 'Approve: the photo goes on the card (409 if decided meanwhile)' })
  async approve(@Param('id', ID) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.photos.approve(actor, id);
  }

  @Post(':id/refuse')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Refuse with a reason the interpreter reads (409 if decided meanwhile)',
  })
  async refuse(
    @Param('id', ID) id: string,
    @Body() dto: PhotoRefusalDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.photos.refuse(actor, id, dto.reason);
  }
}
