import { Controller, Get, Header, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COUNTIES } from '../geography/counties.js';
import { AVAILABILITIES, MODALITIES } from '../interpreters/interpreter.js';
import { LanguagesService } from '../languages/languages.service.js';
import { CATEGORIES } from '../register/category.js';
import { DomainError } from '../common/problem.js';
import { InterpreterNotFoundError } from '../register/register.errors.js';
import { RegisterService } from '../register/register.service.js';
import { StatisticsService } from '../register/statistics.service.js';
import { fieldLabel, MESSAGES, uiLanguage, type UiLanguage } from './i18n.js';
import { parseWebSearch, searchHref } from './web-search.js';
import { type Viewer, WebRenderer } from './web.renderer.js';
import { Public } from '../auth/public.decorator.js';
import { viewerOf } from '../auth/viewer.js';

const WEB_PAGE_SIZE = 20;

/** Server-rendered pages for people: work without JavaScript, in bokmål and English. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(
    private readonly register: RegisterService,
    private readonly languages: LanguagesService,
    private readonly statistics: StatisticsService,
    private readonly renderer: WebRenderer,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async search(
    @Query() raw: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = uiLanguage(raw.lang);
    const m = MESSAGES[lang];
    const collator = new Intl.Collator(lang);
    const languages = (await this.languages.listWithCountsCached())
      .filter((l) => l.entries > 0)
      .map((l) => ({ code: l.code, name: lang === 'nb' ? l.nameNb : l.nameEn, entries: l.entries }))
      .sort((a, b) => collator.compare(a.name, b.name));

    const { query, invalidFields } = await parseWebSearch(raw);
    const invalid = (field: string) => ({ field, text: m.invalidField(fieldLabel(m, field)) });
    const errors = invalidFields.map(invalid);
    // The empty form shows no list: a search starts when the person submits it.
    const searched = Object.keys(raw).some((k) => k !== 'lang');
    let result;
    if (errors.length === 0 && searched) {
      try {
        result = await this.register.search({ ...query, pageSize: WEB_PAGE_SIZE });
      } catch (error) {
        // Rules the form cannot express (an unknown language, both category
        // filters, a search text with nothing to search for) are shown on the
        // field, like any other invalid value.
        if (!(error instanceof DomainError) || error.getStatus() !== 400) throw error;
        for (const field of new Set((error.errors ?? []).map((e) => e.field))) {
          errors.push(invalid(field));
        }
      }
    }
    const page = query.page ?? 1;
    const html = this.renderer.render('search', {
      lang,
      viewer: viewerOf(request),
      title: m.searchTitle,
      path: '/',
      otherLanguageHref: searchHref(raw, { lang: m.otherLanguageCode === 'nb' ? undefined : 'en' }),
      languages,
      counties: COUNTIES,
      categories: CATEGORIES,
      modalities: MODALITIES,
      availabilities: AVAILABILITIES,
      form: {
        language: query.language ?? '',
        minCategory: query.minCategory ?? '',
        county: query.county?.[0] ?? '',
        gender: query.gender ?? '',
        modality: query.modality ?? [],
        availability: query.availability ?? [],
        q: typeof raw.q === 'string' ? raw.q : '',
      },
      errors,
      result,
      languageName: (code: string) => languages.find((l) => l.code === code)?.name ?? code,
      prevHref: page > 1 ? searchHref(raw, { page: page - 1 }) : undefined,
      nextHref:
        result && page < result.totalPages ? searchHref(raw, { page: page + 1 }) : undefined,
      profileHref: (n: number) => `/tolk/${n}${lang === 'en' ? '?lang=en' : ''}`,
    });
    void reply
      .status(errors.length > 0 ? HttpStatus.BAD_REQUEST : HttpStatus.OK)
      .type('text/html; charset=utf-8')
      .send(html);
  }

  @Get('tolk/:interpreterNumber')
  @Header('Cache-Control', 'no-store')
  async profile(
    @Param('interpreterNumber') number: string,
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = uiLanguage(langParam);
    const path = `/tolk/${encodeURIComponent(number)}`;
    const viewer = viewerOf(request);
    try {
      if (!/^\d{1,10}$/.test(number)) throw new InterpreterNotFoundError();
      const profile = await this.register.profile(Number(number));
      const html = this.renderer.render('profile', {
        lang,
        viewer,
        title: profile.name,
        path,
        profile,
        backHref: lang === 'en' ? '/?lang=en' : '/',
      });
      void reply.type('text/html; charset=utf-8').send(html);
    } catch (error) {
      if (!(error instanceof InterpreterNotFoundError)) throw error;
      this.sendNotFound(reply, lang, path, viewer);
    }
  }

  @Get('statistikk')
  @Header('Cache-Control', 'public, max-age=300')
  async statisticsPage(
    @Query('lang') langParam: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = uiLanguage(langParam);
    const stats = await this.statistics.compute();
    const html = this.renderer.render('statistics', {
      lang,
      viewer: viewerOf(request),
      title: MESSAGES[lang].statisticsTitle,
      path: '/statistikk',
      stats,
      categories: CATEGORIES,
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }

  private sendNotFound(
    reply: FastifyReply,
    lang: UiLanguage,
    path: string,
    viewer: Viewer | undefined,
  ): void {
    const m = MESSAGES[lang];
    const html = this.renderer.render('message', {
      lang,
      viewer,
      title: m.notFoundTitle,
      path,
      heading: m.notFoundTitle,
      text: m.notFoundText,
    });
    void reply.status(HttpStatus.NOT_FOUND).type('text/html; charset=utf-8').send(html);
  }
}
