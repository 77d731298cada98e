import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  type PipeTransform,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { InterpreterCaseNotFoundError } from './committee.errors.js';
import { InterpreterReplyDto } from './dto/committee.dto.js';
import {
  type InterpreterCaseSummary,
  type InterpreterCaseView,
  InterpreterCasesService,
  type InterpreterSanctionsView,
} from './interpreter-cases.service.js';

/** A case number as the register writes them (VAR-2026-0001); anything else is the same 404 as a missing case. */
export const CASE_NUMBER: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!/^[A-Z][A-Z0-9-]{0,19}$/.test(value)) throw new InterpreterCaseNotFoundError();
    return value;
  },
};

/** Sends a report decision letter as a download. */
export function sendReportLetter(reply: FastifyReply, letter: { pdf: Buffer; fileName: string }) {
  void reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${letter.fileName}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(letter.pdf);
}

/** The interpreter's side of reports about them: their cases, their reply, decisions and sanctions. */
@ApiTags('reports')
@Roles('interpreter')
@Controller('api/me/report-cases')
export class InterpreterCasesController {
  constructor(private readonly cases: InterpreterCasesService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Report cases about me that I have been told of, and my sanctions and restrictions',
  })
  async list(
    @CurrentActor() actor: Actor,
  ): Promise<{ cases: InterpreterCaseSummary[] } & InterpreterSanctionsView> {
    return { cases: await this.cases.list(actor), ...(await this.cases.sanctions(actor)) };
  }

  @Get(':caseNumber')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A case about me: the redacted account, messages with the directorate, decisions',
    description: 'Never the reporter or the original account. Not mine: 404 CASE_NOT_FOUND.',
  })
  view(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @CurrentActor() actor: Actor,
  ): Promise<InterpreterCaseView> {
    return this.cases.view(actor, caseNumber);
  }

  @Post(':caseNumber/replies')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Give my side of the case (until it is decided; 409 CASE_DECIDED after)',
  })
  reply(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @Body() dto: InterpreterReplyDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ id: string }> {
    return this.cases.reply(actor, caseNumber, dto.text);
  }

  @Get(':caseNumber/decisions/:decisionId/letter.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A decision letter in a case about me, as a PDF' })
  async letter(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @Param('decisionId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) decisionId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendReportLetter(reply, await this.cases.letter(actor, caseNumber, decisionId));
  }
}
