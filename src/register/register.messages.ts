import type { Catalogue } from '../web/i18n.js';

/** The register feature's interface texts, in bokmål and English. */
const nb = {
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
  languagesAndCategories: 'Språk og kategorier',
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
  workCounties: 'Tar oppdrag i',
  publicNote: 'Om tolken',
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
};

export type RegisterMessages = typeof nb;

const en: RegisterMessages = {
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
  languagesAndCategories: 'Languages and categories',
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
  workCounties: 'Takes assignments in',
  publicNote: 'About the interpreter',
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
};

export const REGISTER_MESSAGES: Catalogue<RegisterMessages> = { nb, en };

/** Field-level validation messages shown on the search page. */
export function fieldLabel(m: RegisterMessages, field: string): string {
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
