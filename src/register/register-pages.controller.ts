import { Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { DomainError } from '../common/problem.js';
import { COUNTIES } from '../geography/counties.js';
import { AVAILABILITIES, MODALITIES } from '../interpreters/interpreter.js';
import { LanguagesService } from '../languages/languages.service.js';
import { LAYOUT_MESSAGES, type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang } from '../web/pages.js';
import { CATEGORIES } from './category.js';
import { InterpreterNotFoundError } from './register.errors.js';
import { fieldLabel, REGISTER_MESSAGES } from './register.messages.js';
import { RegisterService } from './register.service.js';
import { StatisticsService } from './statistics.service.js';
import { parseWebSearch, searchHref } from './web-search.js';

const WEB_PAGE_SIZE = 20;
const PAGE = { messages: REGISTER_MESSAGES };

/** The register's public pages: search, profiles and statistics, without JavaScript. */
@ApiExcludeController()
@Public()
@Controller()
export class RegisterPagesController {
  constructor(
    private readonly register: RegisterService,
    private readonly languages: LanguagesService,
    private readonly statistics: StatisticsService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async search(
    @Query() raw: Record<string, unknown>,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = { ...LAYOUT_MESSAGES[lang], ...REGISTER_MESSAGES[lang] };
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
    this.pages.send(
      reply,
      request,
      'search',
      {
        title: m.searchTitle,
        path: '/',
        otherLanguageHref: searchHref(raw, { lang: lang === 'en' ? undefined : 'en' }),
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
      },
      { ...PAGE, status: errors.length > 0 ? HttpStatus.BAD_REQUEST : HttpStatus.OK },
    );
  }

  @Get('tolk/:interpreterNumber')
  async profile(
    @Param('interpreterNumber') number: string,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const path = `/tolk/${encodeURIComponent(number)}`;
    try {
      if (!/^\d{1,10}$/.test(number)) throw new InterpreterNotFoundError();
      const profile = await this.register.profile(Number(number));
      this.pages.send(
        reply,
        request,
        'profile',
        { title: profile.name, path, profile, backHref: lang === 'en' ? '/?lang=en' : '/' },
        PAGE,
      );
    } catch (error) {
      if (!(error instanceof InterpreterNotFoundError)) throw error;
      // Hidden and unknown interpreters get the same page: no existence oracle.
      const m = LAYOUT_MESSAGES[lang];
      this.pages.message(
        reply,
        request,
        { heading: m.notFoundTitle, text: m.notFoundText },
        HttpStatus.NOT_FOUND,
        path,
      );
    }
  }

  @Get('statistikk')
  async statisticsPage(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stats = await this.statistics.compute();
    this.pages.send(
      reply,
      request,
      'statistics',
      {
        title: REGISTER_MESSAGES[lang].statisticsTitle,
        path: '/statistikk',
        stats,
        categories: CATEGORIES,
      },
      // The figures are public and change slowly.
      { ...PAGE, publicCacheSeconds: 300 },
    );
  }
}
