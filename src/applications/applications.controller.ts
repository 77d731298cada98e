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
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError } from '../common/problem.js';
import { AcceptsUploads, readUpload } from '../uploads/multipart.js';
import { sendDocument } from '../uploads/send-document.js';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { renderDecisionLetter } from '../documents/decision-letter.js';
import {
  type ApplicationView,
  ApplicationsService,
  type DocumentLink,
} from './applications.service.js';
import {
  DecisionInputDto,
  DraftInputDto,
  MessageDto,
  QueueQueryDto,
  StartApplicationDto,
} from './dto/application.dto.js';

const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Sends a decision letter as a download. */
export async function sendLetter(
  reply: FastifyReply,
  data: Awaited<ReturnType<ApplicationsService['letterData']>>,
): Promise<void> {
  const pdf = await renderDecisionLetter(data.letter);
  const name = `vedtak-${data.caseNumber.replace('/', '-')}-${data.round}.pdf`;
  void reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(pdf);
}

/** The applicant's side: their draft, its submission, answers, appeals and letters. */
@ApiTags('applications')
@Roles('interpreter')
@Controller('api/me/applications')
export class MyApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'My applications, newest first' })
  async list(@CurrentActor() actor: Actor) {
    const rows = await this.applications.mine(actor.userId!);
    return rows.map((r) => ({
      id: r.id,
      caseNumber: r.case_number,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      submittedAt: r.submitted_at?.toISOString() ?? null,
    }));
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Start an application (a draft), filled from the population register' })
  async start(
    @Body() dto: StartApplicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    const id = await this.applications.start(actor, dto.lang);
    return this.applications.ownView(actor.userId!, id);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  get(@Param('id', ID) id: string, @CurrentActor() actor: Actor): Promise<ApplicationView> {
    return this.applications.ownView(actor.userId!, id);
  }

  @Put(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Save the draft (languages, evidence, contact)' })
  async save(
    @Param('id', ID) id: string,
    @Body() dto: DraftInputDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    await this.applications.saveDraft(actor, id, dto);
    return this.applications.ownView(actor.userId!, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    await this.applications.submit(actor, id);
    return this.applications.ownView(actor.userId!, id);
  }

  @Post(':id/answers')
  @HttpCode(204)
  async answer(@Param('id', ID) id: string, @Body() dto: MessageDto, @CurrentActor() actor: Actor) {
    await this.applications.answer(actor, id, dto.message);
  }

  @Post(':id/appeal')
  @HttpCode(204)
  async appeal(@Param('id', ID) id: string, @Body() dto: MessageDto, @CurrentActor() actor: Actor) {
    await this.applications.appeal(actor, id, dto.message);
  }

  @Post(':id/withdraw')
  @HttpCode(204)
  async withdraw(@Param('id', ID) id: string, @CurrentActor() actor: Actor) {
    await this.applications.withdraw(actor, id);
  }

  @Get(':id/letter.pdf')
  @ApiProduces('application/pdf')
  async letter(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    await sendLetter(
      reply,
      await this.applications.letterData({ userId: actor.userId!, staff: false }, id),
    );
  }

  @AcceptsUploads()
  @Post(':id/documents')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Upload a diploma or test result (purpose=evidence) or the card photo (purpose=photo)',
    description:
      'multipart/form-data with the field `purpose` and one file. PDF, JPEG or PNG, sniffed from the bytes; images are re-encoded without metadata, a photo cropped to the card.',
  })
  @ApiConsumes('multipart/form-data')
  async upload(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<DocumentLink> {
    const { fields, file } = await readUpload(request);
    const purpose =
      fields.purpose === 'photo' ? 'photo' : fields.purpose === 'evidence' ? 'evidence' : null;
    if (!purpose || !file) {
      throw new InvalidInputError([
        ...(purpose ? [] : [{ field: 'purpose', message: 'must be evidence or photo' }]),
        ...(file ? [] : [{ field: 'file', message: 'choose a file' }]),
      ]);
    }
    return this.applications.uploadDocument(actor, id, purpose, file);
  }

  @Get(':id/documents/:documentId')
  async document(
    @Param('id', ID) id: string,
    @Param('documentId', ID) documentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDocument(reply, await this.applications.openDocument(actor, id, documentId, false));
  }
}

/** The case handler's side: the queue, the case, and the steps of handling it. */
@ApiTags('case handling')
@Roles('case_handler')
@Controller('api/cases')
export class CasesController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The queue: oldest first, filtered by status, language, age and "mine"',
  })
  queue(@Query() q: QueueQueryDto, @CurrentActor() actor: Actor) {
    return this.applications.queue(actor.userId!, {
      status: q.status,
      language: q.language,
      mine: q.mine === 'true',
      olderThanDays: q.olderThanDays === undefined ? undefined : Number(q.olderThanDays),
      page: q.page === undefined ? undefined : Number(q.page),
    });
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  get(@Param('id', ID) id: string, @CurrentActor() actor: Actor): Promise<ApplicationView> {
    return this.applications.caseView(actor, id);
  }

  @Post(':id/take')
  @HttpCode(204)
  async take(@Param('id', ID) id: string, @CurrentActor() actor: Actor) {
    await this.applications.take(actor, id);
  }

  @Post(':id/notes')
  @HttpCode(204)
  async note(@Param('id', ID) id: string, @Body() dto: MessageDto, @CurrentActor() actor: Actor) {
    await this.applications.addNote(actor, id, dto.message);
  }

  @Post(':id/information-requests')
  @HttpCode(204)
  async requestInformation(
    @Param('id', ID) id: string,
    @Body() dto: MessageDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.applications.requestInformation(actor, id, dto.message);
  }

  @Post(':id/decision')
  @HttpCode(204)
  async decide(
    @Param('id', ID) id: string,
    @Body() dto: DecisionInputDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.applications.decide(actor, id, dto);
  }

  @Post(':id/appeal/reversal')
  @HttpCode(204)
  async reverse(
    @Param('id', ID) id: string,
    @Body() dto: DecisionInputDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.applications.reverse(actor, id, dto);
  }

  @Post(':id/appeal/forward')
  @HttpCode(204)
  async forward(
    @Param('id', ID) id: string,
    @Body() dto: MessageDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.applications.forward(actor, id, dto.message);
  }

  @Get(':id/letter.pdf')
  @ApiProduces('application/pdf')
  async letter(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    await sendLetter(
      reply,
      await this.applications.letterData({ userId: actor.userId!, staff: true }, id),
    );
  }

  @Get(':id/documents/:documentId')
  async document(
    @Param('id', ID) id: string,
    @Param('documentId', ID) documentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDocument(reply, await this.applications.openDocument(actor, id, documentId, true));
  }
}
