import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { UsersService } from '../auth/users.service.js';
import { field, type Form, osloTime } from '../web/form-fields.js';
import { DomainError } from '../common/problem.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { DataSource } from 'typeorm';
import { COMMITTEE_MESSAGES } from './committee.messages.js';
import {
  ADVICE_MAX_LENGTH,
  type CommitteeReferralSummary,
  CommitteeService,
} from './committee.service.js';

const PAGE = { messages: COMMITTEE_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** The advisory committee's pages: the referrals, the declaration first, then the redacted case and the advice. */
@ApiExcludeController()
@Roles('committee_member')
@Controller('utvalg')
export class CommitteePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly committee: CommitteeService,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const seat = await this.users.committeeSeatOf(this.dataSource.manager, actor.userId!);
    this.pages.send(
      reply,
      request,
      'committee-referrals',
      {
        title: COMMITTEE_MESSAGES[lang].committeeTitle,
        path: '/utvalg',
        seat,
        referrals: await this.committee.referrals(actor),
      },
      PAGE,
    );
  }

  @Get(':id')
  async show(
    @Param('id', ID) id: string,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendReferral(reply, request, lang, actor, await this.committee.referral(actor, id));
  }

  @Post(':id/:action')
  async act(
    @Param('id', ID) id: string,
    @Param('action') action: string,
    @Body() form: Form,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const back = withLang(lang, `/utvalg/${id}`);
    const m = COMMITTEE_MESSAGES[lang];
    if (action === 'erklaering') {
      const choice = field(form, 'conflicted');
      if (choice !== 'yes' && choice !== 'no') {
        const referral = await this.committee.referral(actor, id);
        return this.sendReferral(reply, request, lang, actor, referral, [
          { field: 'conflicted', text: m.declareChoose },
        ]);
      }
      try {
        await this.committee.declare(actor, id, {
          conflicted: choice === 'yes',
          statement: field(form, 'statement') || null,
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'ALREADY_DECLARED') {
          return this.pages.redirect(reply, back);
        }
        throw error;
      }
      return this.pages.redirect(
        reply,
        choice === 'yes' ? withLang(lang, '/utvalg') : back,
        'declared',
      );
    }
    if (action === 'rad') {
      const text = field(form, 'text');
      if (text.length === 0 || text.length > ADVICE_MAX_LENGTH) {
        const referral = await this.committee.referral(actor, id);
        return this.sendReferral(
          reply,
          request,
          lang,
          actor,
          referral,
          [{ field: 'text', text: text.length === 0 ? m.adviceWrite : m.adviceTooLong }],
          form,
        );
      }
      try {
        await this.committee.advise(actor, id, text);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'ADVICE_EXISTS') {
          return this.pages.redirect(reply, back, 'adviceAlready');
        }
        throw error;
      }
      return this.pages.redirect(reply, back, 'adviceGiven');
    }
    return this.pages.redirect(reply, back);
  }

  /**
   * The declaration form until the member has declared; then the redacted
   * case (an audited read) with their advice or the form for it. A
   * conflicted member gets a page that says so (403), never the case.
   */
  private async sendReferral(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    actor: Actor,
    referral: CommitteeReferralSummary,
    errors: Array<{ field: string; text: string }> = [],
    form: Form = {},
  ): Promise<void> {
    const m = COMMITTEE_MESSAGES[lang];
    if (referral.declaration === 'conflicted') {
      return this.pages.message(
        reply,
        request,
        { heading: m.conflictedTitle, text: m.conflictedText },
        403,
        '/utvalg',
      );
    }
    const view =
      referral.declaration === 'no_conflict' ? await this.committee.read(actor, referral.id) : null;
    this.pages.send(
      reply,
      request,
      'committee-referral',
      {
        title: `${referral.caseNumber} – ${m.committeeTitle}`,
        path: `/utvalg/${referral.id}`,
        referral,
        view,
        time: osloTime,
        errors,
        form: { text: field(form, 'text') },
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }
}
