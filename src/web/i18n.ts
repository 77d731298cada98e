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

const nb = {
  siteName: 'Nasjonalt tolkeregister',
  skipToContent: 'Hopp til hovedinnhold',
  otherLanguage: 'English',
  otherLanguageCode: 'en',
  navSearch: 'Finn tolk',
  navStatistics: 'Statistikk',
  navLogin: 'Logg inn',
  navMe: 'Min side',
  loginTitle: 'Logg inn',
  loginInterpreterTitle: 'For tolker',
  loginInterpreterText:
    'Søk om oppføring i registeret, hold profilen din oppdatert og vis tolkebeviset ditt. Du logger inn med ID-porten (BankID, MinID og lignende).',
  loginWithIdporten: 'Logg inn med ID-porten',
  loginStaffTitle: 'For ansatte i direktoratet',
  loginStaffText: 'Saksbehandlere, medlemmer av utvalget og administratorer.',
  loginAsStaff: 'Logg inn som ansatt',
  loginTestNotice:
    'Dette er en demo: innloggingen går til en innebygd testleverandør med syntetiske personer, uten passord.',
  signedInAs: 'Logget inn som',
  staffUser: 'Ansatt',
  citizenUser: 'Privatperson (ID-porten)',
  rolesLabel: 'Roller',
  roleNames: {
    interpreter: 'Tolk',
    case_handler: 'Saksbehandler',
    committee_member: 'Utvalgsmedlem',
    administrator: 'Administrator',
  } as Record<string, string>,
  logout: 'Logg ut',
  navApi: 'API',
  searchTitle: 'Finn en kvalifisert tolk',
  searchIntro:
    'Søk i registeret over kvalifiserte tolker. Offentlige organer kontakter tolken direkte. Tolker med høyest kvalifikasjon vises først.',
  searchLegend: 'Søk',
  language: 'Språk',
  anyLanguage: 'Alle språk',
  minCategory: 'Kategori',
  anyCategory: 'Alle kategorier (A–E)',
  categoryAtLeast: (c: string) => (c === 'A' ? 'Bare A' : `${c} eller bedre (A–${c})`),
  county: 'Fylke',
  anyCounty: 'Hele landet',
  gender: 'Kjønn',
  anyGender: 'Alle',
  female: 'Kvinne',
  male: 'Mann',
  modality: 'Tolkeform',
  availability: 'Tilgjengelighet',
  q: 'Navn eller tolkenummer',
  qHint:
    'For eksempel «Ødegård» eller «10234». Store og små bokstaver og aksenter spiller ingen rolle.',
  search: 'Søk',
  reset: 'Nullstill',
  results: (n: number) =>
    n === 1 ? '1 tolk funnet' : `${n.toLocaleString('nb-NO')} tolker funnet`,
  jumpToResults: (n: number) => `Gå til resultatene (${n.toLocaleString('nb-NO')})`,
  noResults:
    'Ingen tolker passer søket. Prøv med færre filtre, et nabofylke eller tolking over video eller telefon.',
  interpreterNumber: 'Tolkenummer',
  languagesAndCategories: 'Språk og kategorier',
  category: 'Kategori',
  registeredOn: 'Registrert',
  place: 'Bosted',
  contact: 'Kontakt',
  email: 'E-post',
  phone: 'Telefon',
  noPublicContact: 'Har ikke oppgitt offentlig kontaktinformasjon.',
  pagination: 'Sider',
  previous: 'Forrige',
  next: 'Neste',
  pageOf: (p: number, n: number) => `Side ${p} av ${n}`,
  errorSummary: 'Søket kunne ikke utføres',
  invalidField: (label: string) => `«${label}» har en ugyldig verdi.`,
  categoriesTitle: 'Hva betyr kategoriene?',
  categoryInfo: {
    A: 'Statsautorisasjon og bachelor i tolking i offentlig sektor',
    B: 'Bachelor i tolking, eller statsautorisasjon og grunnemne',
    C: 'Statsautorisasjon',
    D: 'Grunnemne i tolking i offentlig sektor (30 studiepoeng)',
    E: 'Bestått tospråktest og kurs i tolkens ansvarsområde (TAO)',
  } as Record<string, string>,
  highlyQualified: 'A–D: høyt kvalifisert. E: lavere kvalifisert.',
  modalities: { on_site: 'Oppmøte', video: 'Video', phone: 'Telefon' } as Record<string, string>,
  availabilities: { full_time: 'Heltid', part_time: 'Deltid', occasional: 'Av og til' } as Record<
    string,
    string
  >,
  kinds: { spoken: 'Talespråk', sign: 'Tegnspråk', written: 'Skrivetolking' } as Record<
    string,
    string
  >,
  profileBack: 'Tilbake til søket',
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
  statisticsTitle: 'Statistikk fra tolkeregisteret',
  entries: 'Oppføringer',
  persons: 'Tolker',
  languages: 'Språk',
  shareHighlyQualified: 'Andel høyt kvalifiserte (A–D)',
  byCategory: 'Oppføringer etter kategori',
  byLanguage: 'Oppføringer etter språk',
  byCounty: 'Oppføringer etter fylke',
  downloadCsv: 'Last ned som CSV',
  total: 'Totalt',
  footer:
    'Tolkeregisteret er et offentlig register over kvalifiserte tolker. Fødselsnummer og annen privat informasjon publiseres aldri.',

  cardCheckTitle: 'Kontroll av tolkekort',
  cardStatus: {
    valid: 'Gyldig',
    suspended: 'Suspendert',
    revoked: 'Ikke gyldig',
    expired: 'Utløpt',
    replaced: 'Erstattet',
    unknown: 'Ukjent kort',
  } as Record<string, string>,
  cardStatusText: {
    valid: 'Tolken står i Nasjonalt tolkeregister nå, for språkene og kategoriene nedenfor.',
    suspended: 'Tolken er suspendert og kan ikke brukes nå.',
    revoked: 'Kortet er trukket tilbake. Ikke bruk tolken på grunnlag av dette kortet.',
    expired: 'Kortet er utløpt. Be tolken vise et gyldig kort, eller søk i registeret.',
    expiredCode:
      'Koden er utløpt. Be tolken vise en ny kode fra det digitale kortet, eller søk i registeret.',
    replaced:
      'Kortet er erstattet av et nyere kort. Be tolken vise det gjeldende kortet, eller søk i registeret.',
    unknown:
      'Koden ble ikke gjenkjent. Kortet kan være skadet eller falskt. Ikke bruk tolken på grunnlag av dette kortet.',
  } as Record<string, string>,
  cardNumber: 'Kortnummer',
  cardValidUntil: 'Kortet gyldig til',
  cardCheckedAt: 'Sjekket',
  cardDigitalCode: 'Digital kode, virker til',
  cardLanguages: 'Språk og kategori',
  cardStandingSuspended: 'suspendert',
  cardPhotoAlt: (name: string) => `Foto av ${name}`,
  cardNoPhoto: 'Foto mangler',
  cardSearchRegister: 'Søk i registeret',
  myCardTitle: 'Mitt tolkekort',
  myCardIntro:
    'Vis koden når du møter til oppdrag. Den som skanner den, ser med én gang at du står i registeret.',
  myCardCodeNote: (time: string) =>
    `Koden virker til kl. ${time} og byttes automatisk. Et skjermbilde slutter derfor å virke.`,
  myCardNewCode: 'Vis ny kode',
  myCardPdf: 'Last ned kortet som PDF (for utskrift)',
  myCardQrLabel: 'QR-kode for kontroll av tolkekortet',
  myCardNone: 'Du har ikke noe tolkekort, fordi du ikke har noen oppføring i registeret nå.',
  myCardLink: 'Mitt tolkekort',
  myCardStatusNote: 'Status nå',
  lostLink: 'Har du mistet kortet?',
  lostTitle: 'Mistet tolkekort',
  lostText: (card: string) =>
    `Når du melder kortet ${card} mistet, slutter det å virke med én gang: den som skanner det, ser «Erstattet». Du får et nytt kort med nytt kortnummer, som du kan laste ned og skrive ut eller vise på telefonen.`,
  lostConfirm: 'Sperr det gamle kortet og lag et nytt',
  lostCancel: 'Avbryt',
  lostDone: (card: string) =>
    `Det gamle kortet er sperret. Ditt nye kort har nummer ${card}. Last ned PDF-en for å skrive det ut.`,
};

export type Messages = typeof nb;

const en: Messages = {
  siteName: 'National Register of Interpreters',
  skipToContent: 'Skip to main content',
  otherLanguage: 'Norsk (bokmål)',
  otherLanguageCode: 'nb',
  navSearch: 'Find an interpreter',
  navStatistics: 'Statistics',
  navLogin: 'Sign in',
  navMe: 'My page',
  loginTitle: 'Sign in',
  loginInterpreterTitle: 'For interpreters',
  loginInterpreterText:
    'Apply for entry in the register, keep your profile up to date and show your interpreter card. You sign in with ID-porten (BankID, MinID and the like).',
  loginWithIdporten: 'Sign in with ID-porten',
  loginStaffTitle: 'For directorate staff',
  loginStaffText: 'Case handlers, committee members and administrators.',
  loginAsStaff: 'Sign in as staff',
  loginTestNotice:
    'This is a demo: sign-in goes to a built-in test provider with synthetic people and no passwords.',
  signedInAs: 'Signed in as',
  staffUser: 'Staff',
  citizenUser: 'Citizen (ID-porten)',
  rolesLabel: 'Roles',
  roleNames: {
    interpreter: 'Interpreter',
    case_handler: 'Case handler',
    committee_member: 'Committee member',
    administrator: 'Administrator',
  },
  logout: 'Sign out',
  navApi: 'API',
  searchTitle: 'Find a qualified interpreter',
  searchIntro:
    'Search the register of qualified interpreters. Public bodies contact the interpreter directly. The most highly qualified interpreters are listed first.',
  searchLegend: 'Search',
  language: 'Language',
  anyLanguage: 'All languages',
  minCategory: 'Category',
  anyCategory: 'All categories (A–E)',
  categoryAtLeast: (c: string) => (c === 'A' ? 'A only' : `${c} or better (A–${c})`),
  county: 'County',
  anyCounty: 'All of Norway',
  gender: 'Gender',
  anyGender: 'Any',
  female: 'Female',
  male: 'Male',
  modality: 'Mode of interpreting',
  availability: 'Availability',
  q: 'Name or interpreter number',
  qHint: 'For example “Ødegård” or “10234”. Case and accents do not matter.',
  search: 'Search',
  reset: 'Clear',
  results: (n: number) =>
    n === 1 ? '1 interpreter found' : `${n.toLocaleString('en-GB')} interpreters found`,
  jumpToResults: (n: number) => `Go to the results (${n.toLocaleString('en-GB')})`,
  noResults:
    'No interpreter matches. Try fewer filters, a neighbouring county, or interpreting by video or phone.',
  interpreterNumber: 'Interpreter number',
  languagesAndCategories: 'Languages and categories',
  category: 'Category',
  registeredOn: 'Registered',
  place: 'Lives in',
  contact: 'Contact',
  email: 'Email',
  phone: 'Phone',
  noPublicContact: 'Has not published any contact details.',
  pagination: 'Pages',
  previous: 'Previous',
  next: 'Next',
  pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
  errorSummary: 'The search could not be run',
  invalidField: (label: string) => `“${label}” has an invalid value.`,
  categoriesTitle: 'What do the categories mean?',
  categoryInfo: {
    A: 'State authorisation and a bachelor in public-service interpreting',
    B: 'Bachelor in interpreting, or state authorisation and the basic course',
    C: 'State authorisation',
    D: 'Basic course in public-service interpreting (30 ECTS)',
    E: 'Passed the bilingual test and the course in the interpreter’s responsibility (TAO)',
  },
  highlyQualified: 'A–D: highly qualified. E: less qualified.',
  modalities: { on_site: 'On site', video: 'Video', phone: 'Phone' },
  availabilities: { full_time: 'Full-time', part_time: 'Part-time', occasional: 'Occasionally' },
  kinds: { spoken: 'Spoken language', sign: 'Sign language', written: 'Written interpretation' },
  profileBack: 'Back to the search',
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
  statisticsTitle: 'Register statistics',
  entries: 'Entries',
  persons: 'Interpreters',
  languages: 'Languages',
  shareHighlyQualified: 'Share highly qualified (A–D)',
  byCategory: 'Entries by category',
  byLanguage: 'Entries by language',
  byCounty: 'Entries by county',
  downloadCsv: 'Download as CSV',
  total: 'Total',
  footer:
    'The register is a public register of qualified interpreters. National identity numbers and other private information are never published.',

  cardCheckTitle: 'Interpreter card check',
  cardStatus: {
    valid: 'Valid',
    suspended: 'Suspended',
    revoked: 'Not valid',
    expired: 'Expired',
    replaced: 'Replaced',
    unknown: 'Unknown card',
  },
  cardStatusText: {
    valid:
      'The interpreter is in the Norwegian national register now, for the languages and categories below.',
    suspended: 'The interpreter is suspended and must not be used now.',
    revoked:
      'The card has been withdrawn. Do not use the interpreter on the strength of this card.',
    expired: 'The card has expired. Ask the interpreter for a valid card, or search the register.',
    expiredCode:
      'The code has expired. Ask the interpreter to show a new code from the digital card, or search the register.',
    replaced:
      'The card has been replaced by a newer one. Ask the interpreter for the current card, or search the register.',
    unknown:
      'The code was not recognised. The card may be damaged or forged. Do not use the interpreter on the strength of this card.',
  },
  cardNumber: 'Card number',
  cardValidUntil: 'Card valid until',
  cardCheckedAt: 'Checked',
  cardDigitalCode: 'Digital code, works until',
  cardLanguages: 'Languages and categories',
  cardStandingSuspended: 'suspended',
  cardPhotoAlt: (name: string) => `Photo of ${name}`,
  cardNoPhoto: 'No photo',
  cardSearchRegister: 'Search the register',
  myCardTitle: 'My interpreter card',
  myCardIntro:
    'Show the code when you arrive for an assignment. Whoever scans it sees at once that you are in the register.',
  myCardCodeNote: (time: string) =>
    `The code works until ${time} and changes by itself, so a screenshot stops working.`,
  myCardNewCode: 'Show a new code',
  myCardPdf: 'Download the card as PDF (for printing)',
  myCardQrLabel: 'QR code to check the interpreter card',
  myCardNone: 'You have no interpreter card, because you have no entry in the register now.',
  myCardLink: 'My interpreter card',
  myCardStatusNote: 'Status now',
  lostLink: 'Lost your card?',
  lostTitle: 'Lost interpreter card',
  lostText: (card: string) =>
    `When you report card ${card} lost, it stops working at once: whoever scans it sees "Replaced". You get a new card with a new card number, which you can download and print or show on your phone.`,
  lostConfirm: 'Block the old card and make a new one',
  lostCancel: 'Cancel',
  lostDone: (card: string) =>
    `The old card is blocked. Your new card is number ${card}. Download the PDF to print it.`,
};

export const MESSAGES: Record<UiLanguage, Messages> = { nb, en };

/** Field-level validation messages shown on the search page. */
export function fieldLabel(m: Messages, field: string): string {
  const labels: Record<string, string> = {
    language: m.language,
    minCategory: m.minCategory,
    category: m.minCategory,
    county: m.county,
    gender: m.gender,
    modality: m.modality,
    availability: m.availability,
    q: m.q,
    page: m.pageOf(1, 1).split(' ')[0],
    pageSize: m.pagination,
  };
  return labels[field] ?? field;
}
