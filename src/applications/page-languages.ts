import type { LanguagesService } from '../languages/languages.service.js';
import type { UiLanguage } from '../web/i18n.js';

/** The languages as a page in `lang` shows them: a code's name, and the list for a choice. */
export interface PageLanguages {
  name: (code: string) => string;
  has: (code: string | undefined) => boolean;
  /** Every language, by name in the page's language. */
  options: Array<{ code: string; name: string }>;
}

export async function pageLanguages(
  languages: LanguagesService,
  lang: UiLanguage,
): Promise<PageLanguages> {
  const names = new Map(
    (await languages.listWithCountsCached()).map((l) => [
      l.code,
      lang === 'en' ? l.nameEn : l.nameNb,
    ]),
  );
  return {
    name: (code) => names.get(code) ?? code,
    has: (code) => code !== undefined && names.has(code),
    options: [...names]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name, lang)),
  };
}
