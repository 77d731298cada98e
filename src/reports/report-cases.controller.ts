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
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { attachmentDisposition } from '../uploads/display-name.js';
import {
  IdentifyInterpreterDto,
  NotifyInterpreterDto,
  RedactedDto,
  ReferralDto,
  ReopenDto,
  ReportDecisionDto,
  ReportMessageDto,
  ReportQueueQueryDto,
  TakeDto,
  TemporaryExclusionDto,
} from './dto/report-cases.dto.js';
import { renderReportLetter } from './report-letter.js';
import {
  type OpenedAttachment,
  ReportCasesService,
  type ReportCaseView,
} from './report-cases.service.js';

const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Sends a report's attachment as a download: never rendered in our origin, never cached. */
export function sendAttachment(reply: FastifyReply, file: OpenedAttachment): void {
  void reply
    .status(200)
    .header('content-type', file.mediaType)
    .header('content-length', String(file.bytes.length))
    .header('content-disposition', attachmentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin')
    .send(file.bytes);
}

/** Sends a report's decision letter as a PDF download. */
export async function sendReportLetter(
  reply: FastifyReply,
  data: Awaited<ReturnType<ReportCasesService['letter']>>,
): Promise<void> {
  const pdf = await renderReportLetter(data.letter);
  void reply
    .header('Content-Type', 'application/pdf')
    .header(
      'Content-Disposition',
      `attachment; filename="vedtak-${data.caseNumber}-${data.round}.pdf"`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(pdf);
}

/**
 * The case handler's side of reports about interpreters (issue #11). Only
 * the handler a case is assigned to reads it or acts on it (403
 * NOT_ASSIGNED for anyone else, with nothing of the case in the answer).
 */
@ApiTags('report cases')
@Roles('case_handler')
@Controller('api/report-cases')
export class ReportCasesController {
  constructor(private readonly cases: ReportCasesService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The queue of reports: no content; deadlines with overdue and due-soon flags; most urgent first',
  })
  queue(@Query() q: ReportQueueQueryDto, @CurrentActor() actor: Actor) {
    return this.cases.queue(actor, {
      status: q.status,
      mine: q.mine === 'true',
      due: q.due,
      page: q.page,
      pageSize: q.pageSize,
    });
  }

  @Post(':id/take')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take the case, declaring (no) conflict of interest' })
  async take(@Param('id', ID) id: string, @Body() dto: TakeDto, @CurrentActor() actor: Actor) {
    await this.cases.take(actor, id, dto);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The whole case, for the assigned handler (the read is audited)' })
  get(@Param('id', ID) id: string, @CurrentActor() actor: Actor): Promise<ReportCaseView> {
    return this.cases.view(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(204)
  async acknowledge(@Param('id', ID) id: string, @CurrentActor() actor: Actor) {
    await this.cases.acknowledge(actor, id);
  }

  @Post(':id/messages')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Write to the reporter or the interpreter, add an internal note, or record a request to a public body',
  })
  message(
    @Param('id', ID) id: string,
    @Body() dto: ReportMessageDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.message(actor, id, dto);
  }

  @Put(':id/interpreter')
  @HttpCode(204)
  @ApiOperation({ summary: 'Identify the interpreter the report is about' })
  async identify(
    @Param('id', ID) id: string,
    @Body() dto: IdentifyInterpreterDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.cases.identifyInterpreter(actor, id, dto.interpreterNumber);
  }

  @Put(':id/redacted')
  @HttpCode(204)
  @ApiOperation({ summary: 'The redacted account, for the committee and the interpreter' })
  async redact(
    @Param('id', ID) id: string,
    @Body() dto: RedactedDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.cases.redact(actor, id, dto.text, dto.nothingIdentifying === true);
  }

  @Post(':id/notify-interpreter')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  notify(
    @Param('id', ID) id: string,
    @Body() dto: NotifyInterpreterDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.notifyInterpreter(actor, id, dto.replyBy);
  }

  @Post(':id/temporary-exclusion')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Suspend the interpreter while the case runs (the register changes at once)',
  })
  temporaryExclusion(
    @Param('id', ID) id: string,
    @Body() dto: TemporaryExclusionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.temporaryExclusion(actor, id, dto);
  }

  @Post(':id/referral')
  @HttpCode(204)
  @ApiOperation({ summary: 'Refer the case to the advisory committee' })
  async refer(@Param('id', ID) id: string, @Body() dto: ReferralDto, @CurrentActor() actor: Actor) {
    await this.cases.refer(actor, id, dto);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Decide: no action, guidance, warning, exclusion for a period or permanently, revocation',
    description:
      'After a warning the escalation rule runs over the interpreter’s sanctions; `review` names the exclusion review it opened, if any.',
  })
  decide(
    @Param('id', ID) id: string,
    @Body() dto: ReportDecisionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.decide(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  close(@Param('id', ID) id: string, @CurrentActor() actor: Actor) {
    return this.cases.close(actor, id);
  }

  @Post(':id/reopen')
  @HttpCode(204)
  async reopen(@Param('id', ID) id: string, @Body() dto: ReopenDto, @CurrentActor() actor: Actor) {
    await this.cases.reopen(actor, id, dto.reason);
  }

  @Get(':id/attachments/:attachmentId')
  @ApiProduces('application/octet-stream')
  async attachment(
    @Param('id', ID) id: string,
    @Param('attachmentId', ID) attachmentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendAttachment(reply, await this.cases.openAttachment(actor, id, attachmentId));
  }

  @Get(':id/letter.pdf')
  @ApiProduces('application/pdf')
  async letter(
    @Param('id', ID) id: string,
    @Query('round') round: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const n = round !== undefined && /^[1-9][0-9]{0,3}$/.test(round) ? Number(round) : undefined;
    await sendReportLetter(reply, await this.cases.letter(actor, id, n));
  }
}
