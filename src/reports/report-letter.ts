import {
  cleanLetterText,
  drawLetterhead,
  LETTER_BODY_SIZE as SIZE,
  LETTER_BOLD as BOLD,
  LETTER_BOTTOM as BOTTOM,
  LETTER_COLOR as COLOR,
  LETTER_CONTENT_WIDTH as WIDTH,
  LETTER_LINE_GAP as GAP,
  LETTER_MARGIN as MARGIN,
  LETTER_MONTHS,
  LETTER_PAGE as PAGE,
  LETTER_REGULAR as REGULAR,
  letterParagraphs as paragraphs,
  renderLetterPdf,
} from '../documents/letter-frame.js';
import { mm, type PdfDoc } from '../documents/pdf-layout.js';
import type { ReportOutcome } from './report-types.js';

/**
 * The decision letter on a report about an interpreter (issue #11): to the
 * interpreter, with the outcome, the reasons, the exclusion period, the
 * legal basis (tolkeloven § 21) and, for a warning, an exclusion or a
 * revocation, how to appeal (3 weeks, forvaltningsloven § 29). Never the
 * reporter: the reasons are the handler's, written for the interpreter.
 * A pure function of its data: the same letter gives the same bytes.
 *
 * A sibling of the applications' letter (`documents/decision-letter.ts`)
 * with the same embedded font: that one is built around languages and
 * categories applied for, which a sanction has none of.
 */
export interface ReportLetterData {
  lang: 'nb' | 'en';
  caseNumber: string;
  /** YYYY-MM-DD (Oslo), the date of the decision. */
  letterDate: string;
  recipient: { name: string; interpreterNumber: number | null };
  outcome: ReportOutcome;
  serious: boolean;
  /** The handler's reasons: paragraphs separated by blank lines. */
  reasons: string;
  /** For an exclusion for a period: from (today) and the first day back. */
  excludedFrom: string | null;
  excludedUntil: string | null;
  /** For a revocation: the language (in the letter's language) and the category left, null when none. */
  revokedLanguage: string | null;
  categoryAfter: string | null;
  /** A temporary exclusion ended by this decision. */
  temporaryExclusionLifted: boolean;
  handler: { name: string; title: string };
}

/** Outcomes that are individual decisions one may appeal (forvaltningsloven § 28). */
export const APPEALABLE: readonly ReportOutcome[] = [
  'warning',
  'exclusion_period',
  'exclusion_permanent',
  'revocation',
];

interface Texts {
  registerName: string;
  directorate: string;
  ourReference: string;
  date: string;
  months: readonly string[];
  formatDate: (iso: string) => string;
  title: Record<ReportOutcome, string>;
  intro: string;
  decisionHeading: string;
  outcome: (d: ReportLetterData) => string;
  serious: string;
  lifted: string;
  reasonsHeading: string;
  legalHeading: string;
  legalBasis: string;
  appealHeading: string;
  appeal: string[];
  noAppeal: string;
  questionsHeading: string;
  questions: string;
  closing: string;
  electronicApproval: string;
  footer: string;
  page: (page: number, of: number) => string;
  identityNumberRemoved: string;
}

const MONTHS_NB = LETTER_MONTHS.nb;
const MONTHS_EN = LETTER_MONTHS.en;

const parts = (iso: string) => iso.split('-').map(Number) as [number, number, number];

const TEXTS: Record<'nb' | 'en', Texts> = {
  nb: {
    registerName: 'Nasjonalt tolkeregister',
    directorate: 'Integrerings- og mangfoldsdirektoratet (IMDi)',
    ourReference: 'Vår referanse',
    date: 'Dato',
    months: MONTHS_NB,
    formatDate: (iso) => {
      const [y, m, d] = parts(iso);
      return `${d}. ${MONTHS_NB[m - 1]} ${y}`;
    },
    title: {
      no_action: 'Avslutning av sak etter melding om brudd på tolkens plikter',
      guidance: 'Veiledning etter melding om brudd på tolkens plikter',
      warning: 'Vedtak om skriftlig advarsel',
      exclusion_period: 'Vedtak om utestengelse fra Nasjonalt tolkeregister for en periode',
      exclusion_permanent: 'Vedtak om varig utestengelse fra Nasjonalt tolkeregister',
      revocation: 'Vedtak om tilbakekall av statsautorisasjon som tolk',
    },
    intro:
      'IMDi har fått en melding om at du kan ha brutt god tolkeskikk, taushetsplikten eller kravet om upartiskhet (tolkeloven §§ 14–16 og 19). Du har fått se en gjengivelse av meldingen og hatt anledning til å uttale deg. Vi har nå avsluttet behandlingen.',
    decisionHeading: 'Vedtak',
    outcome: (d) => {
      const t = TEXTS.nb;
      switch (d.outcome) {
        case 'no_action':
          return 'Saken avsluttes uten reaksjon.';
        case 'guidance':
          return 'Saken avsluttes med veiledning. Veiledningen er ingen reaksjon mot deg.';
        case 'warning':
          return 'Du gis en skriftlig advarsel.';
        case 'exclusion_period':
          return `Du utestenges fra Nasjonalt tolkeregister fra ${t.formatDate(d.excludedFrom!)}. Du står oppført igjen fra ${t.formatDate(d.excludedUntil!)}.`;
        case 'exclusion_permanent':
          return 'Du utestenges varig fra Nasjonalt tolkeregister.';
        case 'revocation':
          return `Statsautorisasjonen din som tolk i ${d.revokedLanguage ?? ''} tilbakekalles. ${
            d.categoryAfter
              ? `Du står oppført i kategori ${d.categoryAfter} i språket.`
              : 'Du står ikke lenger oppført i språket.'
          }`;
      }
    },
    serious: 'Vi har vurdert forholdet som et alvorlig brudd på tolkens plikter.',
    lifted: 'Den midlertidige utestengelsen i saken er opphevet.',
    reasonsHeading: 'Begrunnelse',
    legalHeading: 'Hjemmel',
    legalBasis:
      'Vedtaket er fattet etter lov 12. juni 2020 nr. 116 om offentlige organers ansvar for bruk av tolk mv. (tolkeloven) § 21. Vedtaket er begrunnet etter forvaltningsloven §§ 24 og 25.',
    appealHeading: 'Du kan klage på vedtaket',
    appeal: [
      'Du har rett til å klage på vedtaket. Klagefristen er 3 uker fra den dagen du mottok dette brevet (forvaltningsloven §§ 28 og 29). Det er nok at klagen er sendt før fristen går ut.',
      'Klagen skal være skriftlig og sendes til IMDi. Skriv hvilket vedtak du klager på (oppgi vår referanse), hva du mener er feil og hvorfor. Du kan logge inn på Min side i Nasjonalt tolkeregister og skrive i saken.',
      'Hvis vi finner at klagen er begrunnet, kan vi endre vedtaket selv. Ellers sender vi klagen til departementet, som avgjør saken endelig. Du har rett til å se dokumentene i saken (forvaltningsloven § 18), men ikke opplysninger som kan identifisere den som meldte fra.',
    ],
    noAppeal:
      'Dette er ikke et vedtak om en reaksjon mot deg, og det kan derfor ikke påklages. Du har rett til å se dokumentene i saken (forvaltningsloven § 18), men ikke opplysninger som kan identifisere den som meldte fra.',
    questionsHeading: 'Spørsmål',
    questions:
      'Har du spørsmål, kan du kontakte oss via Min side i Nasjonalt tolkeregister. Oppgi vår referanse.',
    closing: 'Med hilsen',
    electronicApproval:
      'Dokumentet er elektronisk godkjent og har derfor ingen håndskrevet signatur.',
    footer: 'Integrerings- og mangfoldsdirektoratet (IMDi) · Nasjonalt tolkeregister',
    page: (page, of) => `Side ${page} av ${of}`,
    identityNumberRemoved: '[fødselsnummer fjernet]',
  },
  en: {
    registerName: 'National Register of Interpreters',
    directorate: 'The Directorate of Integration and Diversity (IMDi)',
    ourReference: 'Our reference',
    date: 'Date',
    months: MONTHS_EN,
    formatDate: (iso) => {
      const [y, m, d] = parts(iso);
      return `${d} ${MONTHS_EN[m - 1]} ${y}`;
    },
    title: {
      no_action: 'Closing of a case after a report on the duties of an interpreter',
      guidance: 'Guidance after a report on the duties of an interpreter',
      warning: 'Decision: written warning',
      exclusion_period:
        'Decision: exclusion from the National Register of Interpreters for a period',
      exclusion_permanent:
        'Decision: permanent exclusion from the National Register of Interpreters',
      revocation: 'Decision: revocation of state authorisation as an interpreter',
    },
    intro:
      'IMDi has received a report that you may have breached good interpreting practice, the duty of confidentiality or the duty of impartiality (sections 14–16 and 19 of the Interpreter Act). You have been shown an account of the report and had the opportunity to give your side. We have now completed our consideration of the case.',
    decisionHeading: 'Decision',
    outcome: (d) => {
      const t = TEXTS.en;
      switch (d.outcome) {
        case 'no_action':
          return 'The case is closed with no further action.';
        case 'guidance':
          return 'The case is closed with guidance. Guidance is not a sanction against you.';
        case 'warning':
          return 'You are given a written warning.';
        case 'exclusion_period':
          return `You are excluded from the National Register of Interpreters from ${t.formatDate(d.excludedFrom!)}. You are listed again from ${t.formatDate(d.excludedUntil!)}.`;
        case 'exclusion_permanent':
          return 'You are permanently excluded from the National Register of Interpreters.';
        case 'revocation':
          return `Your state authorisation as an interpreter in ${d.revokedLanguage ?? ''} is revoked. ${
            d.categoryAfter
              ? `You are listed in category ${d.categoryAfter} in the language.`
              : 'You are no longer listed in the language.'
          }`;
      }
    },
    serious: 'We consider the matter a serious breach of the duties of an interpreter.',
    lifted: 'The temporary exclusion in this case is lifted.',
    reasonsHeading: 'Reasons',
    legalHeading: 'Legal basis',
    legalBasis:
      'This decision is made under section 21 of the Act of 12 June 2020 No. 116 on the responsibility of public bodies for the use of interpreters etc. (the Interpreter Act, tolkeloven). Reasons are given under sections 24 and 25 of the Public Administration Act (forvaltningsloven).',
    appealHeading: 'You may appeal',
    appeal: [
      'You have the right to appeal against this decision. The deadline for appeal is 3 weeks from the day you received this letter (sections 28 and 29 of the Public Administration Act). It is enough that the appeal is sent before the deadline.',
      'The appeal must be in writing and sent to IMDi. Say which decision you appeal against (give our reference), what you think is wrong and why. You can sign in to Min side (My page) in the National Register of Interpreters and write in the case.',
      'If we find the appeal justified, we may change the decision ourselves. Otherwise we send the appeal to the ministry, which makes the final decision. You have the right to see the documents of the case (section 18 of the Public Administration Act), but not information that could identify the person who reported.',
    ],
    noAppeal:
      'This is not a decision on a sanction against you, so it cannot be appealed. You have the right to see the documents of the case (section 18 of the Public Administration Act), but not information that could identify the person who reported.',
    questionsHeading: 'Questions',
    questions:
      'If you have questions, contact us through Min side (My page) in the National Register of Interpreters. Please give our reference.',
    closing: 'Kind regards',
    electronicApproval:
      'This document is approved electronically and has no handwritten signature.',
    footer:
      'The Directorate of Integration and Diversity (IMDi) · National Register of Interpreters',
    page: (page, of) => `Page ${page} of ${of}`,
    identityNumberRemoved: '[identity number removed]',
  },
};

/** Free text as printed: no control characters, never a national identity number. */
function clean(text: string, t: Texts): string {
  return cleanLetterText(text, t.identityNumberRemoved);
}

export async function renderReportLetter(letter: ReportLetterData): Promise<Buffer> {
  const t = TEXTS[letter.lang];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(letter.letterDate)) {
    throw new Error('letterDate must be a date as YYYY-MM-DD');
  }
  return renderLetterPdf(
    {
      lang: letter.lang,
      title: t.title[letter.outcome],
      author: t.directorate,
      subject: `${t.ourReference} ${letter.caseNumber}`,
      date: new Date(`${letter.letterDate}T00:00:00Z`),
    },
    (doc) => write(doc, letter, t),
  );
}

function write(doc: PdfDoc, letter: ReportLetterData, t: Texts): void {
  const ensure = (height: number) => {
    if (doc.y + height > BOTTOM) doc.addPage();
  };
  const paragraph = (text: string, gap = 6) => {
    doc.font(REGULAR).fontSize(SIZE).fillColor(COLOR.text);
    doc.text(text, MARGIN.left, doc.y, { width: WIDTH, lineGap: GAP });
    doc.y += gap;
  };
  const heading = (text: string) => {
    ensure(60);
    doc.y += 6;
    doc.font(BOLD).fontSize(11.5).fillColor(COLOR.brand);
    doc.text(text, MARGIN.left, doc.y, { width: WIDTH });
    doc.y += 4;
  };

  // Letterhead, reference and date, recipient.
  const { referenceBottom: y, columnX: column } = drawLetterhead(doc, {
    registerName: t.registerName,
    directorate: t.directorate,
    references: [
      [t.ourReference, clean(letter.caseNumber, t)],
      [t.date, clean(t.formatDate(letter.letterDate), t)],
    ],
  });
  doc.font(REGULAR).fontSize(10).fillColor(COLOR.text);
  doc.text(clean(letter.recipient.name, t), MARGIN.left, mm(45), {
    width: column - MARGIN.left - mm(8),
  });
  if (letter.recipient.interpreterNumber !== null) {
    doc.font(REGULAR).fontSize(9).fillColor(COLOR.muted);
    doc.text(
      `${letter.lang === 'nb' ? 'Tolkenummer' : 'Interpreter number'} ${letter.recipient.interpreterNumber}`,
      MARGIN.left,
      doc.y,
    );
  }
  doc.y = Math.max(doc.y, y, mm(72)) + mm(8);

  // Title and introduction.
  doc.font(BOLD).fontSize(14).fillColor(COLOR.text);
  doc.text(t.title[letter.outcome], MARGIN.left, doc.y, { width: WIDTH, lineGap: 1 });
  doc.y += mm(4);
  paragraph(t.intro);

  heading(t.decisionHeading);
  doc.font(BOLD).fontSize(SIZE).fillColor(COLOR.brand);
  doc.text(clean(t.outcome(letter), t), MARGIN.left, doc.y, { width: WIDTH, lineGap: GAP });
  doc.y += 6;
  if (letter.serious) paragraph(t.serious);
  if (letter.temporaryExclusionLifted) paragraph(t.lifted);

  heading(t.reasonsHeading);
  for (const p of paragraphs(clean(letter.reasons, t))) paragraph(p);

  heading(t.legalHeading);
  paragraph(t.legalBasis);

  if (APPEALABLE.includes(letter.outcome)) {
    heading(t.appealHeading);
    for (const p of t.appeal) paragraph(p);
  } else {
    paragraph(t.noAppeal);
  }

  ensure(160);
  heading(t.questionsHeading);
  paragraph(t.questions, 18);
  paragraph(t.closing, 18);
  doc.font(BOLD).fontSize(SIZE).fillColor(COLOR.text);
  doc.text(clean(letter.handler.name, t), MARGIN.left, doc.y, { width: WIDTH });
  doc.font(REGULAR);
  doc.text(clean(letter.handler.title, t), MARGIN.left, doc.y, { width: WIDTH });
  doc.text(t.directorate, MARGIN.left, doc.y, { width: WIDTH });
  doc.y += 12;
  doc.font(REGULAR).fontSize(8).fillColor(COLOR.muted);
  doc.text(t.electronicApproval, MARGIN.left, doc.y, { width: WIDTH });

  // Footer with page numbers on every page.
  const { start, count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const ruleY = PAGE.height - mm(17);
    doc
      .moveTo(MARGIN.left, ruleY)
      .lineTo(PAGE.width - MARGIN.right, ruleY)
      .lineWidth(0.4)
      .stroke(COLOR.rule);
    const pageText = t.page(i + 1, count);
    doc.font(REGULAR).fontSize(7.5).fillColor(COLOR.muted);
    const pageWidth = doc.widthOfString(pageText);
    doc.text(t.footer, MARGIN.left, ruleY + 5, { width: WIDTH - pageWidth - mm(8) });
    doc.text(pageText, PAGE.width - MARGIN.right - pageWidth, ruleY + 5, { lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}
