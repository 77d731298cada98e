import { LETTER_MONTHS } from './letter-frame.js';
/**
 * The fixed texts of the decision letter (vedtaksbrev), in bokmål and
 * English. The letter is written in the applicant's language; the legal
 * references name the act and the sections of the Public Administration Act
 * that are certain, not the Interpreter Act's section numbers (see
 * docs/decisions.md, "Decision letters").
 */
export type LetterLanguage = 'nb' | 'en';
export type LetterCategory = 'A' | 'B' | 'C' | 'D' | 'E';

export interface LetterTexts {
  registerName: string;
  directorate: string;
  ourReference: string;
  date: string;
  months: readonly string[];
  formatDate: (day: number, month: string, year: number) => string;
  title: { decision: string; appeal_reversal: string };
  /** Printed in the OTHER language's letter: one line offering a translation. */
  translationOffer: string;
  intro: { decision: string; appeal_reversal: string };
  decisionHeading: string;
  summaryAll: (count: number) => string;
  summarySome: string;
  summaryNone: string;
  interpreterNumber: (n: number) => string;
  approved: (category: LetterCategory | null) => string;
  rejected: string;
  lowered: string;
  reasons: string;
  categoriesHeading: string;
  categoriesIntro: string;
  categories: Record<LetterCategory, string>;
  categoryLabel: (category: LetterCategory) => string;
  legalHeading: string;
  legalBasis: string;
  appealHeading: string;
  appealRight: string;
  appealHow: string;
  appealContentsIntro: string;
  appealContents: readonly string[];
  appealProcess: string;
  access: string;
  questionsHeading: string;
  questions: string;
  closing: string;
  electronicApproval: string;
  page: (page: number, of: number) => string;
  footer: string;
  /** Replaces anything in free text that looks like a national identity number. */
  identityNumberRemoved: string;
}

const nb: LetterTexts = {
  registerName: 'Nasjonalt tolkeregister',
  directorate: 'Integrerings- og mangfoldsdirektoratet (IMDi)',
  ourReference: 'Vår referanse',
  date: 'Dato',
  months: LETTER_MONTHS.nb,
  formatDate: (day, month, year) => `${day}. ${month} ${year}`,
  title: {
    decision: 'Vedtak om oppføring i Nasjonalt tolkeregister',
    appeal_reversal: 'Vedtak om oppføring i Nasjonalt tolkeregister – endret etter klage',
  },
  translationOffer:
    'Dette brevet er skrevet på engelsk. Kontakt oss via Min side i registeret hvis du ønsker det på norsk.',
  intro: {
    decision:
      'Vi viser til søknaden din om oppføring i Nasjonalt tolkeregister. Integrerings- og mangfoldsdirektoratet (IMDi) har behandlet søknaden og fattet vedtaket nedenfor.',
    appeal_reversal:
      'Vi viser til klagen din på vedtaket vårt i denne saken. Vi har vurdert saken på nytt og finner at klagen helt eller delvis skal tas til følge. Vi endrer derfor vedtaket (forvaltningsloven § 33 andre ledd). Dette vedtaket erstatter det tidligere vedtaket.',
  },
  decisionHeading: 'Vedtak',
  summaryAll: (count) =>
    `Du blir ført opp i Nasjonalt tolkeregister for ${count === 1 ? 'språket' : 'språkene'} nedenfor.`,
  summarySome:
    'Du blir ført opp i Nasjonalt tolkeregister for språkene som er godkjent nedenfor. For de andre språkene er søknaden avslått.',
  summaryNone: 'Søknaden din om oppføring i Nasjonalt tolkeregister er avslått.',
  interpreterNumber: (n) => `Tolkenummeret ditt er ${n}.`,
  approved: (category) => (category ? `Godkjent – kategori ${category}` : 'Godkjent'),
  rejected: 'Avslått',
  lowered:
    'Kategorien er lavere enn det dokumentasjonen din i utgangspunktet gir grunnlag for. Se begrunnelsen.',
  reasons: 'Begrunnelse',
  categoriesHeading: 'Kvalifikasjonskategoriene',
  categoriesIntro: 'Kategorien viser hvilke kvalifikasjoner du har dokumentert i språket:',
  categories: {
    A: 'statsautorisasjon som tolk og bachelor i tolking i offentlig sektor',
    B: 'bachelor i tolking i offentlig sektor, eller statsautorisasjon som tolk og grunnemne i tolking i offentlig sektor',
    C: 'statsautorisasjon som tolk',
    D: 'grunnemne i tolking i offentlig sektor (30 studiepoeng)',
    E: 'kurs i tolkens ansvarsområde (TAO) og bestått Tospråktesten eller statsautorisasjon som translatør',
  },
  categoryLabel: (category) => `Kategori ${category}`,
  legalHeading: 'Hjemmel',
  legalBasis:
    'Vedtaket er fattet etter lov 12. juni 2020 nr. 116 om offentlige organers ansvar for bruk av tolk mv. (tolkeloven) og forskrift til loven, som fastsetter kravene for å bli ført opp i Nasjonalt tolkeregister. Vedtaket er begrunnet etter forvaltningsloven §§ 24 og 25.',
  appealHeading: 'Du kan klage på vedtaket',
  appealRight:
    'Du har rett til å klage på vedtaket. Klagefristen er 3 uker fra den dagen du mottok dette brevet (forvaltningsloven §§ 28 og 29). Det er nok at klagen er sendt før fristen går ut.',
  appealHow:
    'Klagen skal være skriftlig og sendes til IMDi. Den enkleste måten er å logge inn på Min side i Nasjonalt tolkeregister og velge «Klag på vedtaket».',
  appealContentsIntro: 'I klagen bør du skrive',
  appealContents: [
    'hvilket vedtak du klager på (oppgi vår referanse)',
    'hva du mener er feil, og hvilken endring du ønsker',
    'hvorfor du mener vedtaket bør endres',
    'nye opplysninger eller dokumenter som kan ha betydning for saken, hvis du har det',
  ],
  appealProcess:
    'Hvis vi finner at klagen er begrunnet, kan vi endre vedtaket selv. Hvis vi holder fast ved vedtaket, sender vi klagen til departementet, som avgjør saken endelig.',
  access:
    'Du har rett til å se dokumentene i saken din (forvaltningsloven § 18). Be om innsyn via Min side i registeret.',
  questionsHeading: 'Spørsmål',
  questions:
    'Har du spørsmål om vedtaket, kan du kontakte oss via Min side i Nasjonalt tolkeregister. Oppgi vår referanse når du kontakter oss.',
  closing: 'Med hilsen',
  electronicApproval:
    'Dokumentet er elektronisk godkjent og har derfor ingen håndskrevet signatur.',
  page: (page, of) => `Side ${page} av ${of}`,
  footer: 'Integrerings- og mangfoldsdirektoratet (IMDi) · Nasjonalt tolkeregister',
  identityNumberRemoved: '[fødselsnummer fjernet]',
};

const en: LetterTexts = {
  registerName: 'National Register of Interpreters',
  directorate: 'The Directorate of Integration and Diversity (IMDi)',
  ourReference: 'Our reference',
  date: 'Date',
  months: LETTER_MONTHS.en,
  formatDate: (day, month, year) => `${day} ${month} ${year}`,
  title: {
    decision: 'Decision on entry in the National Register of Interpreters',
    appeal_reversal:
      'Decision on entry in the National Register of Interpreters – changed after appeal',
  },
  translationOffer:
    'This letter is in Norwegian. If you would like it in English, contact us through Min side (My page) in the register.',
  intro: {
    decision:
      'We refer to your application for entry in the National Register of Interpreters (Nasjonalt tolkeregister). The Directorate of Integration and Diversity (IMDi) has considered your application and made the decision below.',
    appeal_reversal:
      'We refer to your appeal against our decision in this case. We have considered the case again and find that the appeal should be allowed in whole or in part. We therefore change our decision (section 33, second paragraph, of the Public Administration Act). This decision replaces the earlier decision.',
  },
  decisionHeading: 'Decision',
  summaryAll: (count) =>
    `You will be entered in the National Register of Interpreters for the ${count === 1 ? 'language' : 'languages'} below.`,
  summarySome:
    'You will be entered in the National Register of Interpreters for the languages approved below. For the other languages, your application is rejected.',
  summaryNone: 'Your application for entry in the National Register of Interpreters is rejected.',
  interpreterNumber: (n) => `Your interpreter number is ${n}.`,
  approved: (category) => (category ? `Approved – category ${category}` : 'Approved'),
  rejected: 'Rejected',
  lowered:
    'This category is lower than your documentation would normally support. See the reasons.',
  reasons: 'Reasons',
  categoriesHeading: 'The qualification categories',
  categoriesIntro: 'The category shows which qualifications you have documented in the language:',
  categories: {
    A: 'state authorisation as an interpreter and a bachelor in public-service interpreting',
    B: 'a bachelor in public-service interpreting, or state authorisation as an interpreter and the basic course in public-service interpreting',
    C: 'state authorisation as an interpreter',
    D: 'the basic course in public-service interpreting (30 ECTS credits)',
    E: 'the course on the interpreter’s role and responsibility (TAO) and a pass in the bilingual test (Tospråktesten) or state authorisation as a translator',
  },
  categoryLabel: (category) => `Category ${category}`,
  legalHeading: 'Legal basis',
  legalBasis:
    'This decision is made under the Act of 12 June 2020 No. 116 on the responsibility of public bodies for the use of interpreters etc. (the Interpreter Act, tolkeloven) and the regulations under the Act, which set the requirements for entry in the National Register of Interpreters. Reasons are given under sections 24 and 25 of the Public Administration Act (forvaltningsloven).',
  appealHeading: 'You may appeal',
  appealRight:
    'You have the right to appeal against this decision. The deadline for appeal is 3 weeks from the day you received this letter (sections 28 and 29 of the Public Administration Act). It is enough that the appeal is sent before the deadline.',
  appealHow:
    'The appeal must be in writing and sent to IMDi. The easiest way is to sign in to Min side (My page) in the National Register of Interpreters and choose «Klag på vedtaket» (Appeal the decision).',
  appealContentsIntro: 'In your appeal, please state',
  appealContents: [
    'which decision you are appealing against (give our reference)',
    'what you believe is wrong, and what change you want',
    'why you believe the decision should be changed',
    'any new information or documents that may matter for the case',
  ],
  appealProcess:
    'If we find that the appeal is justified, we may change the decision ourselves. If we uphold the decision, we send the appeal to the ministry, which makes the final decision.',
  access:
    'You have the right to see the documents in your case (section 18 of the Public Administration Act). Ask for access through Min side in the register.',
  questionsHeading: 'Questions',
  questions:
    'If you have questions about this decision, contact us through Min side in the National Register of Interpreters. Please give our reference when you contact us.',
  closing: 'Yours sincerely',
  electronicApproval:
    'This document has been approved electronically and therefore has no handwritten signature.',
  page: (page, of) => `Page ${page} of ${of}`,
  footer: 'The Directorate of Integration and Diversity (IMDi) · National Register of Interpreters',
  identityNumberRemoved: '[identity number removed]',
};

export const LETTER_TEXTS: Record<LetterLanguage, LetterTexts> = { nb, en };
