import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { DomainError } from '../common/problem.js';
import { COUNTIES } from '../geography/counties.js';
import { LanguagesService } from '../languages/languages.service.js';
import { CATEGORIES, type Category } from '../register/category.js';
import { sendDocument } from '../uploads/send-document.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { pageLanguages } from './page-languages.js';
import { field, type Form, osloTime, pageErrors } from './page-forms.js';
import { supportedCategory } from './application-rules.js';
import { sendLetter } from './applications.controller.js';
import { APPLICATION_MESSAGES } from './applications.messages.js';
import {
  type ApplicationView,
  ApplicationsService,
  type DecisionInput,
} from './applications.service.js';

const PAGE = { messages: APPLICATION_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
const STATUS_FILTERS = [
  'open',
  'submitted',
  'in_review',
  'awaiting_applicant',
  'appealed',
  'decided',
  'forwarded',
  'withdrawn',
];

/** The decision form's fields (`evidence.<id>`, `outcome.<code>`, `category.<code>`, `reasons.<code>`) as a decision. */
export function decisionFromForm(view: ApplicationView, form: Form): DecisionInput {
  return {
    evidence: view.evidence.map((e) => ({
      id: e.id,
      accepted: field(form, `evidence.${e.id}`) === 'yes',
    })),
    languages: view.languages.map((l) => {
      const outcome =
        field(form, `outcome.${l.languageCode}`) === 'approved' ? 'approved' : 'rejected';
      const category = field(form, `category.${l.languageCode}`);
      return {
        languageCode: l.languageCode,
        outcome,
        category:
          outcome === 'approved' && (CATEGORIES as readonly string[]).includes(category)
            ? (category as Category)
            : null,
        reasons: field(form, `reasons.${l.languageCode}`) || null,
      };
    }),
  };
}

/** The case handler's pages: the queue and a case with every step of handling it. */
@ApiExcludeController()
@Roles('case_handler')
@Controller('saksbehandling')
export class CasePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly applications: ApplicationsService,
    private readonly languages: LanguagesService,
  ) {}

  @Get()
  async queue(
    @Query() query: Record<string, string | undefined>,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const status = STATUS_FILTERS.includes(query.status ?? '') ? query.status! : 'open';
    const { name, has, options } = await pageLanguages(this.languages, lang);
    const language = has(query.language) ? query.language : undefined;
    const older = /^[0-9]{1,4}$/.test(query.eldre ?? '') ? Number(query.eldre) : undefined;
    const page = /^[1-9][0-9]{0,4}$/.test(query.side ?? '') ? Number(query.side) : 1;
    const mine = query.mine === '1';
    const result = await this.applications.queue(actor.userId!, {
      status,
      language,
      mine,
      olderThanDays: older,
      page,
    });
    const params = new URLSearchParams();
    if (status !== 'open') params.set('status', status);
    if (language) params.set('language', language);
    if (mine) params.set('mine', '1');
    if (older !== undefined) params.set('eldre', String(older));
    if (lang === 'en') params.set('lang', 'en');
    this.pages.send(
      reply,
      request,
      'case-queue',
      {
        title: APPLICATION_MESSAGES[lang].queueTitle,
        path: '/saksbehandling',
        result,
        filter: { status, language: language ?? '', mine, older: older ?? '' },
        statuses: STATUS_FILTERS,
        languageOptions: options,
        languageName: name,
        time: osloTime,
        pageHref: (n: number) => {
          const p = new URLSearchParams(params);
          p.set('side', String(n));
          return `/saksbehandling?${p.toString()}`;
        },
        otherLanguageHref: (() => {
          const p = new URLSearchParams(params);
          if (lang === 'en') p.delete('lang');
          else p.set('lang', 'en');
          const s = p.toString();
          return s ? `/saksbehandling?${s}` : '/saksbehandling';
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
    await this.sendCase(reply, request, lang, actor, await this.applications.caseView(actor, id));
  }

  @Get(':id/vedtak.pdf')
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

  @Get(':id/dokumenter/:documentId')
  async document(
    @Param('id', ID) id: string,
    @Param('documentId', ID) documentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDocument(reply, await this.applications.openDocument(actor, id, documentId, true));
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
    const back = withLang(lang, `/saksbehandling/${id}`);
    try {
      switch (action) {
        case 'ta':
          await this.applications.take(actor, id);
          return this.pages.redirect(reply, back, 'taken');
        case 'notat':
          await this.applications.addNote(actor, id, this.text(form, 'message'));
          return this.pages.redirect(reply, back, 'noteAdded');
        case 'be-om-opplysninger':
          await this.applications.requestInformation(actor, id, this.text(form, 'message'));
          return this.pages.redirect(reply, back, 'requested');
        case 'vedtak':
        case 'omgjor': {
          const view = await this.applications.caseView(actor, id);
          const input = decisionFromForm(view, form);
          if (action === 'vedtak') await this.applications.decide(actor, id, input);
          else await this.applications.reverse(actor, id, input);
          return this.pages.redirect(reply, back, 'decided');
        }
        case 'oversend':
          await this.applications.forward(actor, id, this.text(form, 'message'));
          return this.pages.redirect(reply, back, 'forwarded');
        default:
          return this.pages.redirect(reply, back);
      }
    } catch (error) {
      if (error instanceof DomainError && error.errors && error.getStatus() < 500) {
        const view = await this.applications.caseView(actor, id);
        const name = (await pageLanguages(this.languages, lang)).name;
        // Which language a problem is about, in front of it: the form has one group per language.
        const errors = pageErrors(lang, error, name).map((e) => {
          const i = /^languages\.(\d+)\./.exec(e.field)?.[1];
          const code = i === undefined ? undefined : view.languages[Number(i)]?.languageCode;
          return code ? { ...e, text: `${name(code)}: ${e.text}` } : e;
        });
        return this.sendCase(reply, request, lang, actor, view, errors, form);
      }
      if (error instanceof DomainError && error.getStatus() === 409) {
        return this.pages.redirect(reply, back, 'caseChanged');
      }
      throw error;
    }
  }

  /** A free-text field, checked here so that an empty one gets the page's error summary. */
  private text(form: Form, name: string): string {
    const value = field(form, name);
    if (value.length === 0 || value.length > 5000) {
      throw new DomainError('INVALID_INPUT', 'Write a message.', 400, [
        {
          field: 'message',
          message: value.length === 0 ? 'write a message' : 'at most 5000 characters',
        },
      ]);
    }
    return value;
  }

  private async sendCase(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    actor: Actor,
    view: ApplicationView,
    errors: Array<{ field: string; text: string }> = [],
    form: Form = {},
  ): Promise<void> {
    const { name } = await pageLanguages(this.languages, lang);
    const accepted = (id: string) =>
      form[`evidence.${id}`] !== undefined
        ? field(form, `evidence.${id}`) === 'yes'
        : view.evidence.find((e) => e.id === id)?.accepted !== false;
    const supported = Object.fromEntries(
      view.languages.map((l) => [
        l.languageCode,
        supportedCategory(
          view.evidence.map((e) => ({
            languageCode: e.languageCode,
            kind: e.kind as never,
            accepted: accepted(e.id),
          })),
          l.languageCode,
        ),
      ]),
    );
    this.pages.send(
      reply,
      request,
      'case-page',
      {
        title: `${view.caseNumber} – ${APPLICATION_MESSAGES[lang].queueTitle}`,
        path: `/saksbehandling/${view.id}`,
        app: view,
        mine: view.assignedTo?.id === actor.userId,
        languageName: name,
        time: osloTime,
        countyName: (code: string | null) => COUNTIES.find((c) => c.code === code)?.name ?? '–',
        accepted,
        supported,
        categories: CATEGORIES,
        errors,
        form: Object.fromEntries(Object.keys(form).map((k) => [k, field(form, k)])),
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }
}
