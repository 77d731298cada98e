import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { type Catalogue, LAYOUT_MESSAGES, type UiLanguage } from './i18n.js';

export const WEB_DIR = dirname(fileURLToPath(import.meta.url));

/** The signed-in person as the layout shows them, with the token their forms carry. */
export interface Viewer {
  displayName: string;
  csrfToken: string;
}

export interface PageData {
  lang: UiLanguage;
  /** Who is signed in, if anyone: the header names them and offers "sign out". */
  viewer?: Viewer;
  /** A one-time notice left by the redirect that led here (already in the page's language). */
  flash?: string;
  title: string;
  /** Path of this page without query, for the language switch and navigation state. */
  path: string;
  /** The same page in the other language; by default `path` with or without `?lang=en`. */
  otherLanguageHref?: string;
  [key: string]: unknown;
}

/**
 * Renders the page templates (Eta, escaping every interpolation by default).
 * Templates are read once at start-up.
 */
@Injectable()
export class WebRenderer {
  private readonly eta = new Eta({ views: join(WEB_DIR, 'views'), cache: true, autoEscape: true });
  readonly css = readFileSync(join(WEB_DIR, 'public', 'site.css'), 'utf8');
  readonly myCardScript = readFileSync(join(WEB_DIR, 'public', 'my-card.js'), 'utf8');

  /**
   * Renders a view inside the layout. `it.m` holds the layout's texts and
   * the feature's own (`messages`), in the page's language.
   */
  render(view: string, data: PageData, messages?: Catalogue): string {
    const otherLanguageHref =
      data.otherLanguageHref ?? (data.lang === 'en' ? data.path : `${data.path}?lang=en`);
    const m = { ...LAYOUT_MESSAGES[data.lang], ...messages?.[data.lang] };
    return this.eta.render(view, { ...data, otherLanguageHref, m });
  }

  /** Renders an error page without touching the database (used by the error filter). */
  renderMessage(
    lang: UiLanguage,
    heading: string,
    text: string,
    reference?: string,
    viewer?: Viewer,
  ): string {
    return this.render('message', {
      lang,
      title: heading,
      path: '/',
      heading,
      text,
      reference,
      viewer,
    });
  }
}
