/** The interface texts, in Norwegian bokmål (the default) and English. */
export const UI_LANGUAGES = ['nb', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function uiLanguage(value: unknown): UiLanguage {
  return value === 'en' ? 'en' : 'nb';
}

const SCANDINAVIAN = /^(nb|nn|no|da|sv)\b/i;

/**
 * For pages opened from outside the site (a scanned card): an explicit
 * ?lang= wins; otherwise a phone set to a Scandinavian language gets bokmål
 * and any other gets English, the likelier second language of a visitor.
 */
export function uiLanguageFor(langParam: unknown, acceptLanguage: string | undefined): UiLanguage {
  if (langParam === 'en' || langParam === 'nb') return langParam;
  if (!acceptLanguage) return 'nb';
  const first = acceptLanguage.split(',')[0].trim();
  return first === '' || SCANDINAVIAN.test(first) ? 'nb' : 'en';
}

/** The page layer's own texts: the layout, error pages and words every feature's pages share. */
const nb = {
  siteName: 'Nasjonalt tolkeregister',
  skipToContent: 'Hopp til hovedinnhold',
  otherLanguage: 'English',
  otherLanguageCode: 'en',
  navSearch: 'Finn tolk',
  navStatistics: 'Statistikk',
  navLogin: 'Logg inn',
  navMe: 'Min side',
  navApi: 'API',
  navReport: 'Meld fra om en tolk',
  reportStatisticsLink: 'Statistikk over meldinger om tolker',
  interpreterNumber: 'Tolkenummer',
  category: 'Kategori',
  errorSummary: 'Søket kunne ikke utføres',
  invalidField: (label: string) => `«${label}» har en ugyldig verdi.`,
  notFoundTitle: 'Fant ikke siden',
  notFoundText:
    'Det finnes ingen tolk eller side på denne adressen. Tolker som ikke er aktive i registeret vises ikke.',
  errorTitle: 'Noe gikk galt',
  errorText: 'En feil oppstod. Prøv igjen om litt. Oppgi referansen hvis du kontakter oss:',
  forbiddenTitle: 'Du har ikke tilgang',
  forbiddenText:
    'Du er logget inn, men kontoen din gir ikke tilgang til denne siden. Tolkebevis og søknader er for tolker som logger inn med ID-porten.',
  staleFormTitle: 'Skjemaet kunne ikke sendes',
  staleFormText:
    'Vi kunne ikke bekrefte at skjemaet kom fra tolkeregisterets egne sider, så ingenting er lagret. Gå tilbake, last inn siden på nytt og prøv igjen.',
  unavailableTitle: 'Tjenesten er utilgjengelig akkurat nå',
  unavailableText:
    'Vi får ikke kontakt med databasen, så du er ikke logget ut og ingenting er endret. Prøv igjen om noen minutter. Oppgi referansen hvis du kontakter oss:',
  signedInAsShort: 'Innlogget:',
  navLogout: 'Logg ut',
  footer:
    'Tolkeregisteret er et offentlig register over kvalifiserte tolker. Fødselsnummer og annen privat informasjon publiseres aldri.',
  loggedOut: 'Du er logget ut.',
  noticeLabel: 'Melding',
};

export type LayoutMessages = typeof nb;

const en: LayoutMessages = {
  siteName: 'National Register of Interpreters',
  skipToContent: 'Skip to main content',
  otherLanguage: 'Norsk (bokmål)',
  otherLanguageCode: 'nb',
  navSearch: 'Find an interpreter',
  navStatistics: 'Statistics',
  navLogin: 'Sign in',
  navMe: 'My page',
  navApi: 'API',
  navReport: 'Report an interpreter',
  reportStatisticsLink: 'Statistics on reports about interpreters',
  interpreterNumber: 'Interpreter number',
  category: 'Category',
  errorSummary: 'The search could not be run',
  invalidField: (label: string) => `“${label}” has an invalid value.`,
  notFoundTitle: 'Page not found',
  notFoundText:
    'There is no interpreter or page at this address. Interpreters who are not active in the register are not shown.',
  errorTitle: 'Something went wrong',
  errorText: 'An error occurred. Please try again shortly. Quote this reference if you contact us:',
  forbiddenTitle: 'You do not have access',
  forbiddenText:
    'You are signed in, but your account does not give access to this page. Interpreter cards and applications are for interpreters who sign in with ID-porten.',
  staleFormTitle: 'The form could not be sent',
  staleFormText:
    'We could not confirm that the form came from the register’s own pages, so nothing was saved. Go back, reload the page and try again.',
  unavailableTitle: 'The service is unavailable right now',
  unavailableText:
    'We cannot reach the database, so you have not been signed out and nothing was changed. Please try again in a few minutes. Quote this reference if you contact us:',
  signedInAsShort: 'Signed in:',
  navLogout: 'Sign out',
  footer:
    'The register is a public register of qualified interpreters. National identity numbers and other private information are never published.',
  loggedOut: 'You are signed out.',
  noticeLabel: 'Notice',
};

export const LAYOUT_MESSAGES: Record<UiLanguage, LayoutMessages> = { nb, en };

/** A feature's texts in every interface language; pages get them merged with the layout's. */
export type Catalogue<T extends object = Record<string, unknown>> = Record<UiLanguage, T>;
