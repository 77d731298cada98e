import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { viewerOf } from '../auth/viewer.js';
import type { ErrorPage, ErrorPages } from '../common/error-pages.js';
import type { ProblemDetails } from '../common/problem.js';
import { LAYOUT_MESSAGES, uiLanguage } from './i18n.js';
import { WebRenderer } from './web.renderer.js';

/** The friendly error pages: what each problem means to a person, in their language. */
@Injectable()
export class WebErrorPages implements ErrorPages {
  constructor(private readonly renderer: WebRenderer) {}

  render(problem: ProblemDetails, request: FastifyRequest): ErrorPage {
    const query = request.query as Record<string, unknown> | undefined;
    const lang = uiLanguage(query?.lang);
    // A page that needs a signed-in person sends them to sign in.
    if (problem.status === 401)
      return { redirect: lang === 'en' ? '/logg-inn?lang=en' : '/logg-inn' };
    const m = LAYOUT_MESSAGES[lang];
    const viewer = viewerOf(request);
    const page = (heading: string, text: string, reference?: string): ErrorPage => ({
      html: this.renderer.renderMessage(lang, heading, text, reference, viewer),
    });
    if (problem.status === 404) return page(m.notFoundTitle, m.notFoundText);
    if (problem.code === 'CSRF_TOKEN_INVALID' || problem.code === 'CROSS_SITE_REQUEST') {
      return page(m.staleFormTitle, m.staleFormText);
    }
    if (problem.status === 403) return page(m.forbiddenTitle, m.forbiddenText);
    if (problem.status === 503) {
      return page(m.unavailableTitle, m.unavailableText, problem.correlationId);
    }
    return page(m.errorTitle, m.errorText, problem.correlationId);
  }
}
