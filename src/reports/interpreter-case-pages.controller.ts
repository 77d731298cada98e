import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { field, type Form, osloTime } from '../web/form-fields.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { COMMITTEE_MESSAGES } from './committee.messages.js';
import { CASE_NUMBER, sendReportLetter } from './interpreter-cases.controller.js';
import {
  type InterpreterCaseView,
  InterpreterCasesService,
  REPLY_MAX_LENGTH,
} from './interpreter-cases.service.js';

const PAGE = { messages: COMMITTEE_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** The interpreter's pages about reports concerning them: their cases, their reply, decisions, sanctions. */
@ApiExcludeController()
@Roles('interpreter')
@Controller('min-side/saker')
export class InterpreterCasePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly cases: InterpreterCasesService,
  ) {}

  @Get()
  async list(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.pages.send(
      reply,
      request,
      'my-report-cases',
      {
        title: COMMITTEE_MESSAGES[lang].myCasesTitle,
        path: '/min-side/saker',
        cases: await this.cases.list(actor),
        ...(await this.cases.sanctions(actor)),
      },
      PAGE,
    );
  }

  @Get(':caseNumber')
  async show(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.sendCase(reply, request, lang, await this.cases.view(actor, caseNumber));
  }

  @Get(':caseNumber/vedtak/:decisionId')
  async letter(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @Param('decisionId', ID) decisionId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendReportLetter(reply, await this.cases.letter(actor, caseNumber, decisionId));
  }

  @Post(':caseNumber/svar')
  async reply(
    @Param('caseNumber', CASE_NUMBER) caseNumber: string,
    @Body() form: Form,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = COMMITTEE_MESSAGES[lang];
    const text = field(form, 'text');
    if (text.length === 0 || text.length > REPLY_MAX_LENGTH) {
      const view = await this.cases.view(actor, caseNumber);
      return this.sendCase(
        reply,
        request,
        lang,
        view,
        [{ field: 'text', text: text.length === 0 ? m.replyWrite : m.replyTooLong }],
        text,
      );
    }
    await this.cases.reply(actor, caseNumber, text);
    this.pages.redirect(reply, withLang(lang, `/min-side/saker/${caseNumber}`), 'replied');
  }

  private sendCase(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    view: InterpreterCaseView,
    errors: Array<{ field: string; text: string }> = [],
    text = '',
  ): void {
    this.pages.send(
      reply,
      request,
      'my-report-case',
      {
        title: `${view.caseNumber} – ${COMMITTEE_MESSAGES[lang].myCasesTitle}`,
        path: `/min-side/saker/${view.caseNumber}`,
        view,
        time: osloTime,
        errors,
        form: { text },
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }
}
