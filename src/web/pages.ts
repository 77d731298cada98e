import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { visitorCsrfToken } from '../auth/csrf.js';
import { viewerOf } from '../auth/viewer.js';
import { type Catalogue, LAYOUT_MESSAGES, uiLanguage, type UiLanguage } from './i18n.js';
import { WebRenderer } from './web.renderer.js';

/** The interface language a page request asks for (`?lang=en`; bokmål otherwise). */
export const UiLang = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UiLanguage =>
    uiLanguage(
      (context.switchToHttp().getRequest<FastifyRequest>().query as { lang?: unknown }).lang,
    ),
);

/** A path of this site in the page's language: `?lang=en` (or `&lang=en`) for English. */
export function withLang(lang: UiLanguage, path: string): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

const FLASH_COOKIE = 'tr_flash';

/** What a page handler gives: the view's data, without what the page layer adds itself. */
export interface PageContent {
  title: string;
  /** Path of this page without query, for the language switch and navigation state. */
  path: string;
  otherLanguageHref?: string;
  /** Set when the language is not simply `?lang` (the card check follows the phone's language). */
  lang?: UiLanguage;
  [key: string]: unknown;
}

export interface PageOptions {
  status?: number;
  /** The feature's own texts, merged with the layout's. */
  messages?: Catalogue;
  /**
   * A public page that may be cached this long. Only when nobody is signed
   * in: a page naming its viewer must never reach a shared cache.
   */
  publicCacheSeconds?: number;
}

/**
 * The page layer every feature's pages use: render a view in the layout for
 * this request (its language, the signed-in person with the CSRF token their
 * forms carry, and the notice a redirect left), and post/redirect/get with
 * such a notice. Pages are not cached unless a page says it is public.
 */
@Injectable()
export class Pages {
  constructor(private readonly renderer: WebRenderer) {}

  send(
    reply: FastifyReply,
    request: FastifyRequest,
    view: string,
    content: PageContent,
    options: PageOptions = {},
  ): void {
    const lang = content.lang ?? uiLanguage((request.query as { lang?: unknown }).lang);
    const flash = this.takeFlash(request, reply, lang, options.messages);
    const viewer = viewerOf(request);
    // A visitor's forms carry a token too: asked for only when the page has a
    // form (csrf-field), so other pages set no cookie and may stay cacheable.
    let visitorToken: string | undefined;
    const visitorForm = viewer
      ? undefined
      : {
          get token(): string {
            visitorToken ??= visitorCsrfToken(request, (name, value, cookieOptions) => {
              void reply.setCookie(name, value, cookieOptions);
            });
            return visitorToken;
          },
        };
    const html = this.renderer.render(
      view,
      { ...content, lang, viewer, visitorForm, flash },
      options.messages,
    );
    const cacheable =
      options.publicCacheSeconds !== undefined && !viewer && !flash && !visitorToken;
    void reply
      .status(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .header(
        'cache-control',
        cacheable ? `public, max-age=${options.publicCacheSeconds}` : 'no-store',
      )
      .send(html);
  }

  /** A page that only says something: a heading, a sentence, perhaps a reference to quote. */
  message(
    reply: FastifyReply,
    request: FastifyRequest,
    text: { heading: string; text: string; reference?: string },
    status: number,
    path = '/',
  ): void {
    this.send(reply, request, 'message', { title: text.heading, path, ...text }, { status });
  }

  /**
   * 303 to `location` (after a form post), with an optional notice for the
   * next page: the key of a text in the layout's or the next page's feature
   * texts, so nothing a visitor sends can be shown as a notice.
   */
  redirect(reply: FastifyReply, location: string, flash?: string): void {
    if (flash) {
      void reply.setCookie(FLASH_COOKIE, flash, {
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: '/',
        maxAge: 60,
      });
    }
    void reply.header('cache-control', 'no-store').redirect(location, 303);
  }

  private takeFlash(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: UiLanguage,
    messages: Catalogue | undefined,
  ): string | undefined {
    const key = request.cookies?.[FLASH_COOKIE];
    if (!key) return undefined;
    void reply.clearCookie(FLASH_COOKIE, { path: '/' });
    const texts: Record<string, unknown> = { ...LAYOUT_MESSAGES[lang], ...messages?.[lang] };
    const text = Object.hasOwn(texts, key) ? texts[key] : undefined;
    return typeof text === 'string' ? text : undefined;
  }
}
