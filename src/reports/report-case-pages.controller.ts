import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type Form, osloTime } from '../web/form-fields.js';
import { pageLanguages } from '../applications/page-languages.js';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { DomainError, InvalidInputError } from '../common/problem.js';
import type { ReportsConfig } from '../config/configuration.js';
import { LanguagesService } from '../languages/languages.service.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { sendAttachment, sendReportLetter } from './report-cases.controller.js';
import { NotAssignedError } from './report-cases.errors.js';
import { REPORT_CASE_MESSAGES, reportProblemText } from './report-cases.messages.js';
import {
  type CaseSummary,
  type DecisionInput,
  LIMITS,
  ReportCasesService,
  type ReportCaseView,
} from './report-cases.service.js';
import { REPORT_OUTCOMES, REPORT_STATUSES, type ReportOutcome } from './report-types.js';

const PAGE = { messages: REPORT_CASE_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
const BASE = '/saksbehandling/varsler';
const STATUS_FILTERS = ['open', ...REPORT_STATUSES, 'all'];
const CHANNELS = ['reporter', 'interpreter', 'internal', 'public_body'] as const;

/** A problem shown on the page: the form it belongs to, and the field it links to. */
interface PageError {
  field: string;
  text: string;
  href: string;
}

/**
 * The case handler's pages for reports about interpreters (issue #11): the
 * queue with its deadlines, and a case with one form per step, each with its
 * own error summary. Only the assigned handler sees a case's content; an
 * unassigned case offers to be taken (with the declaration of conflict of
 * interest) and shows nothing else.
 */
@ApiExcludeController()
@Roles('case_handler')
@Controller(BASE.slice(1))
export class ReportCasePagesController {
  private readonly retentionDays: number;

  constructor(
    private readonly pages: Pages,
    private readonly cases: ReportCasesService,
    private readonly languages: LanguagesService,
    config: ConfigService,
  ) {
    this.retentionDays = config.getOrThrow<ReportsConfig>('reports').retentionDays;
  }

  @Get()
  async queue(
    @Query() query: Record<string, string | undefined>,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const status = STATUS_FILTERS.includes(query.status ?? '') ? query.status! : 'open';
    const due = query.frist === 'overdue' || query.frist === 'soon' ? query.frist : undefined;
    const mine = query.mine === '1';
    const page = /^[1-9][0-9]{0,4}$/.test(query.side ?? '') ? Number(query.side) : 1;
    const result = await this.cases.queue(actor, { status, due, mine, page });
    const params = new URLSearchParams();
    if (status !== 'open') params.set('status', status);
    if (due) params.set('frist', due);
    if (mine) params.set('mine', '1');
    if (lang === 'en') params.set('lang', 'en');
    const href = (p: URLSearchParams) => (p.toString() ? `${BASE}?${p.toString()}` : BASE);
    this.pages.send(
      reply,
      request,
      'report-case-queue',
      {
        title: REPORT_CASE_MESSAGES[lang].queueTitle,
        path: BASE,
        result,
        filter: { status, due: due ?? '', mine },
        statuses: STATUS_FILTERS,
        pageHref: (n: number) => {
          const p = new URLSearchParams(params);
          p.set('side', String(n));
          return href(p);
        },
        otherLanguageHref: (() => {
          const p = new URLSearchParams(params);
          if (lang === 'en') p.delete('lang');
          else p.set('lang', 'en');
          return href(p);
        })(),
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
    const summary = await this.cases.summary(id);
    if (summary.assignedTo === null) return this.sendTake(reply, request, lang, summary);
    if (summary.assignedTo.id !== actor.userId) throw new NotAssignedError();
    await this.sendCase(reply, request, lang, await this.cases.view(actor, id));
  }

  @Get(':id/vedtak.pdf')
  async letter(
    @Param('id', ID) id: string,
    @Query('runde') round: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const n = round !== undefined && /^[1-9][0-9]{0,3}$/.test(round) ? Number(round) : undefined;
    await sendReportLetter(reply, await this.cases.letter(actor, id, n));
  }

  @Get(':id/vedlegg/:attachmentId')
  async attachment(
    @Param('id', ID) id: string,
    @Param('attachmentId', ID) attachmentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendAttachment(reply, await this.cases.openAttachment(actor, id, attachmentId));
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
    const back = withLang(lang, `${BASE}/${id}`);
    const text = (name: string) => field(form, name);
    try {
      switch (action) {
        case 'ta':
          await this.cases.take(actor, id, {
            conflicted: this.choice(form, 'conflicted', ['no', 'yes']) === 'yes',
            statement: text('statement') || null,
          });
          return this.pages.redirect(reply, back, 'taken');
        case 'bekreft':
          await this.cases.acknowledge(actor, id);
          return this.pages.redirect(reply, back, 'acknowledged');
        case 'melding':
          await this.cases.message(actor, id, {
            channel: this.choice(form, 'channel', CHANNELS),
            text: text('text'),
            publicBody: text('publicBody') || null,
            dueOn: text('dueOn') || null,
          });
          return this.pages.redirect(reply, back, 'messageSent');
        case 'tolk': {
          const number = text('interpreterNumber');
          if (!/^[1-9][0-9]{0,7}$/.test(number)) {
            throw new InvalidInputError([
              { field: 'interpreterNumber', message: 'no interpreter has this number' },
            ]);
          }
          await this.cases.identifyInterpreter(actor, id, Number(number));
          return this.pages.redirect(reply, back, 'interpreterIdentified');
        }
        case 'anonymisert':
          await this.cases.redact(actor, id, text('text'), text('nothingIdentifying') === 'yes');
          return this.pages.redirect(reply, back, 'redactedSaved');
        case 'varsle-tolk':
          await this.cases.notifyInterpreter(actor, id, text('replyBy') || null);
          return this.pages.redirect(reply, back, 'interpreterNotified');
        case 'midlertidig':
          await this.cases.temporaryExclusion(actor, id, {
            until: text('until'),
            reasons: text('reasons'),
          });
          return this.pages.redirect(reply, back, 'temporarilyExcluded');
        case 'utvalg':
          await this.cases.refer(actor, id, {
            question: text('question'),
            adviceBy: text('adviceBy'),
          });
          return this.pages.redirect(reply, back, 'referred');
        case 'vedtak': {
          const result = await this.cases.decide(actor, id, this.decision(form));
          return this.pages.redirect(reply, back, result.review ? 'reviewOpened' : 'decided');
        }
        case 'avslutt':
          await this.cases.close(actor, id);
          return this.pages.redirect(reply, back, 'caseClosed');
        case 'gjenapne':
          await this.cases.reopen(actor, id, text('reason'));
          return this.pages.redirect(reply, back, 'reopened');
        default:
          return this.pages.redirect(reply, back);
      }
    } catch (error) {
      if (!(error instanceof DomainError) || ![400, 409].includes(error.getStatus())) throw error;
      const formName = FORM_OF[action] ?? 'form';
      const messages = REPORT_CASE_MESSAGES[lang];
      const errors: PageError[] = error.errors?.length
        ? error.errors.map((e) => ({
            field: e.field,
            text: reportProblemText(lang, e.message),
            href: `#f-${formName}-${e.field}`,
          }))
        : [
            {
              field: 'form',
              text: messages.problems[error.code] ?? error.message,
              href: `#f-${formName}-title`,
            },
          ];
      const summary = await this.cases.summary(id);
      if (summary.assignedTo?.id !== actor.userId) {
        return this.sendTake(reply, request, lang, summary, errors, error.getStatus());
      }
      return this.sendCase(
        reply,
        request,
        lang,
        await this.cases.view(actor, id),
        { form: formName, errors, values: form },
        error.getStatus(),
      );
    }
  }

  /** A choice among fixed values; anything else is a problem on that field. */
  private choice<T extends string>(form: Form, name: string, values: readonly T[]): T {
    const value = field(form, name);
    if (!(values as readonly string[]).includes(value)) {
      throw new InvalidInputError([{ field: name, message: 'choose one' }]);
    }
    return value as T;
  }

  private decision(form: Form): DecisionInput {
    const outcome = field(form, 'outcome');
    if (!(REPORT_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new InvalidInputError([{ field: 'outcome', message: 'choose an outcome' }]);
    }
    return {
      outcome: outcome as ReportOutcome,
      serious: field(form, 'serious') === 'yes',
      reasons: field(form, 'reasons'),
      excludedUntil: outcome === 'exclusion_period' ? field(form, 'excludedUntil') || null : null,
      languageCode: outcome === 'revocation' ? field(form, 'languageCode') || null : null,
      liftTemporaryExclusion: field(form, 'keepTemporary') !== 'yes',
      letterLanguage: field(form, 'letterLanguage') === 'en' ? 'en' : 'nb',
    };
  }

  private sendTake(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    summary: CaseSummary,
    errors: PageError[] = [],
    status = 200,
  ): void {
    this.pages.send(
      reply,
      request,
      'report-case-take',
      {
        title: `${summary.caseNumber} – ${REPORT_CASE_MESSAGES[lang].queueTitle}`,
        path: `${BASE}/${summary.id}`,
        summary,
        errors,
        limits: LIMITS,
      },
      { ...PAGE, status },
    );
  }

  private async sendCase(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    view: ReportCaseView,
    failed: { form: string; errors: PageError[]; values: Form } | null = null,
    status = 200,
  ): Promise<void> {
    const { name, options } = await pageLanguages(this.languages, lang);
    const values = failed
      ? Object.fromEntries(Object.keys(failed.values).map((k) => [k, field(failed.values, k)]))
      : {};
    this.pages.send(
      reply,
      request,
      'report-case-page',
      {
        title: `${view.caseNumber} – ${REPORT_CASE_MESSAGES[lang].queueTitle}`,
        path: `${BASE}/${view.id}`,
        c: view,
        time: osloTime,
        languageName: name,
        languageOptions: options,
        retentionDays: this.retentionDays,
        limits: LIMITS,
        failedForm: failed?.form ?? null,
        errors: failed?.errors ?? [],
        values,
      },
      { ...PAGE, status },
    );
  }
}

/** Which form on the page an action's problems belong to. */
const FORM_OF: Record<string, string> = {
  ta: 'take',
  bekreft: 'acknowledge',
  melding: 'message',
  tolk: 'identify',
  anonymisert: 'redact',
  'varsle-tolk': 'notify',
  midlertidig: 'temporary',
  utvalg: 'refer',
  vedtak: 'decide',
  avslutt: 'close',
  gjenapne: 'reopen',
};
