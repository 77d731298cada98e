import type { UiLanguage } from '../web/i18n.js';
import type { PageContent } from '../web/pages.js';
import type { CardCheck } from './card-check.service.js';
import { CARD_MESSAGES } from './cards.messages.js';

const LOCALES: Record<UiLanguage, string> = { nb: 'nb-NO', en: 'en-GB' };

// Intl formatters are costly to build and the card check is the busiest page: build each once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: UiLanguage, kind: 'date' | 'time' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      date: { day: 'numeric', month: 'long', year: 'numeric' },
      time: { hour: '2-digit', minute: '2-digit' },
      dateTime: { dateStyle: 'long', timeStyle: 'medium' },
    };
    format = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Oslo', ...options[kind] });
    formatters.set(key, format);
  }
  return format;
}

export function formatDate(value: Date | string, lang: UiLanguage): string {
  return formatter(lang, 'date').format(new Date(value));
}

export function formatTime(value: Date | string, lang: UiLanguage): string {
  return formatter(lang, 'time').format(new Date(value));
}

function formatDateTime(value: Date | string, lang: UiLanguage): string {
  return formatter(lang, 'dateTime').format(new Date(value));
}

const tags = new Map<string, string>();

/** A BCP 47 tag for a language's own name (ara → ar), for the lang attribute. */
function bcp47(code: string): string {
  let tag = tags.get(code);
  if (tag === undefined) {
    try {
      tag = Intl.getCanonicalLocales(code)[0] ?? code;
    } catch {
      tag = code;
    }
    tags.set(code, tag);
  }
  return tag;
}

const TONES = {
  valid: 'ok',
  suspended: 'bad',
  revoked: 'bad',
  unknown: 'bad',
  expired: 'warn',
  replaced: 'warn',
} as const;

/**
 * The card check page's content: the status in large type in the reader's
 * language with the other language beside it, then who the card belongs to.
 * A token that is not genuine (check undefined) gets the "unknown card" page.
 */
export function cardCheckPage(
  lang: UiLanguage,
  path: string,
  check: CardCheck | undefined,
  now = new Date(),
): PageContent {
  const m = CARD_MESSAGES[lang];
  const other = CARD_MESSAGES[lang === 'en' ? 'nb' : 'en'];
  const status = check?.status ?? 'unknown';
  const textKey = status === 'expired' && check?.code.kind === 'digital' ? 'expiredCode' : status;
  const name = check ? `${check.interpreter.givenName} ${check.interpreter.familyName}` : '';
  return {
    lang,
    title: `${m.cardStatus[status]} – ${m.cardCheckTitle}`,
    path,
    status,
    tone: TONES[status],
    otherStatus: other.cardStatus[status],
    statusText: m.cardStatusText[textKey],
    check,
    name,
    photoUrl: `${path}/foto`,
    expires: check ? formatDate(check.card.expiresAt, lang) : '',
    codeExpires: check ? formatTime(check.code.expiresAt, lang) : '',
    languages: (check?.languages ?? []).map((l) => ({
      ...l,
      name: lang === 'en' ? l.nameEn : l.nameNb,
      bcp47: bcp47(l.code),
    })),
    checkedAt: formatDateTime(check?.checkedAt ?? now, lang),
    checkedAtIso: check?.checkedAt ?? now.toISOString(),
  };
}
